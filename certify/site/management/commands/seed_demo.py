"""Demo data: agencies, organisations, one user per role, and fictional requests.

Running it again changes nothing. Requests go through the real lifecycle (workflows.lifecycle),
backdated, so their events, clocks and audit entries are consistent. Dates are relative to
today, so the demo always looks alive: the open requests are new, due soon or a little overdue
(never months late), decisions fall within the dashboards' default twelve months, and the San
Francisco Police Department has enough requests received this year for its public figures
(/stats/) to be shown rather than suppressed. Each narrative goes with the crimes it describes.
"""

import base64
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records import answers
from certify.records.models import (
    Agency,
    AgencyMembership,
    CertificationRequest,
    CertifyingOfficial,
    FamilyMember,
    Organisation,
    OrganisationMembership,
    QualifyingActivity,
    ServiceArea,
    User,
)
from certify.site.accounts.twofactor import TOTP_NAME, second_factor_required
from forms.stamp import stamp_beside_signature
from workflows import decisions, review, supplement
from workflows.deadlines import deadline_for_agency
from workflows.lifecycle import clock_facts, transition

DEMO_DOMAIN = "demo.certify.example"


@dataclass(frozen=True)
class AgencySeed:
    slug: str
    name: str
    kind: str
    state: str
    city: str
    county: str
    street: str
    zip_code: str
    phone: str
    time_zone: str
    on_certify: bool = True
    certifies_t: bool = True
    cities: tuple[str, ...] = ()
    # As Part 2 of the supplement asks: level of government, category (and its words).
    level: str = "local"
    category: str = "law_enforcement"
    category_other: str = ""


AGENCIES = [
    AgencySeed("sfpd", "San Francisco Police Department", "police", "CA", "San Francisco",
               "San Francisco", "1245 Third Street", "94158", "+14155550101",
               "America/Los_Angeles", cities=("San Francisco",)),
    AgencySeed("lasd", "Los Angeles County Sheriff's Department", "sheriff", "CA", "Monterey Park",
               "Los Angeles", "211 West Temple Street", "90012", "+12135550102",
               "America/Los_Angeles"),
    AgencySeed("sfda", "San Francisco District Attorney", "prosecutor", "CA", "San Francisco",
               "San Francisco", "350 Rhode Island Street", "94103", "+14155550103",
               "America/Los_Angeles", category="prosecutor"),
    AgencySeed("la-city-attorney", "Los Angeles City Attorney", "city_attorney", "CA",
               "Los Angeles", "Los Angeles", "200 North Main Street", "90012", "+12135550104",
               "America/Los_Angeles", cities=("Los Angeles",), category="prosecutor"),
    AgencySeed("ca-labor", "California Labor Commissioner's Office", "labor", "CA", "Oakland",
               "Alameda", "1515 Clay Street", "94612", "+15105550105", "America/Los_Angeles",
               level="state", category="other", category_other="Labor agency"),
    AgencySeed("seattle-pd", "Seattle Police Department", "police", "WA", "Seattle", "King",
               "610 Fifth Avenue", "98104", "+12065550106", "America/Los_Angeles",
               cities=("Seattle",)),
    AgencySeed("cook-circuit-court", "Circuit Court of Cook County", "court", "IL", "Chicago",
               "Cook", "50 West Washington Street", "60602", "+13125550107", "America/Chicago",
               level="state", category="judge"),
    AgencySeed("chicago-pd", "Chicago Police Department", "police", "IL", "Chicago", "Cook",
               "3510 South Michigan Avenue", "60653", "+13125550108", "America/Chicago",
               cities=("Chicago",)),
    AgencySeed("montgomery-pd", "Montgomery County Police Department", "police", "MD",
               "Gaithersburg", "Montgomery", "100 Edison Park Drive", "20878", "+12405550109",
               "America/New_York", certifies_t=False),
    AgencySeed("houston-pd", "Houston Police Department", "police", "TX", "Houston", "Harris",
               "1200 Travis Street", "77002", "+17135550110", "America/Chicago",
               cities=("Houston",)),
    AgencySeed("oakland-pd", "Oakland Police Department", "police", "CA", "Oakland", "Alameda",
               "455 Seventh Street", "94607", "+15105550111", "America/Los_Angeles",
               on_certify=False, cities=("Oakland",)),
    AgencySeed("fbi-sf", "Federal Bureau of Investigation, San Francisco Field Office",
               "other", "CA", "San Francisco", "San Francisco", "450 Golden Gate Avenue",
               "94102", "+14155550112", "America/Los_Angeles", level="federal"),
    AgencySeed("tulalip-pd", "Tulalip Tribal Police Department", "police", "WA", "Tulalip",
               "Snohomish", "6103 31st Avenue NE", "98271", "+13605550113",
               "America/Los_Angeles", level="tribal"),
    AgencySeed("sf-aps", "San Francisco Adult Protective Services", "adult_protective", "CA",
               "San Francisco", "San Francisco", "1650 Mission Street", "94103", "+14155550114",
               "America/Los_Angeles", category="other",
               category_other="Adult protective services"),
]  # fmt: skip

INSTRUCTIONS = {
    "en": "Send requests through certify. We answer within the time the law of our state sets, "
    "and sooner when the victim is in removal proceedings. We do not ask about immigration "
    "status.",
    "es": "Envíe las solicitudes por medio de certify. Respondemos dentro del plazo que fija la "
    "ley de nuestro estado, y antes si la víctima está en un proceso de deportación. No "
    "preguntamos por el estatus migratorio.",
    "zh-hans": "请通过 certify 发送申请。我们会在本州法律规定的时间内答复；"
    "如果受害人正在遣返程序中，我们会更快答复。我们不问移民身份。",
    "vi": "Hãy gửi yêu cầu qua certify. Chúng tôi trả lời trong thời "
    "hạn mà luật của tiểu bang chúng tôi quy định, và sớm hơn "
    "nếu nạn nhân đang trong thủ tục trục xuất. Chúng tôi không "
    "hỏi về tình trạng di trú.",
    "ko": "certify를 통해 신청을 보내십시오. 저희는 우리 주의 법"
    "이 정한 기간 안에 답변하며, 피해자가 추방 절차 중이면 더 "
    "빨리 답변합니다. 이민 신분은 묻지 않습니다.",
    "tl": "Ipadala ang mga kahilingan sa pamamagitan ng certify. "
    "Sumasagot kami sa loob ng panahong itinakda ng batas ng "
    "aming estado, at mas maaga kapag ang biktima ay nasa "
    "proseso ng deportasyon. Hindi kami nagtatanong tungkol sa "
    "katayuan sa imigrasyon.",
    "ar": "أرسلوا الطلبات عبر certify. نرد خلال المدة التي يحددها "
    "قانون ولايتنا، وفي وقت أقرب إذا كانت الضحية في إجراءات "
    "الترحيل. لا نسأل عن وضع الهجرة.",
}

ORGANISATIONS = [
    ("bay-legal-demo", "Bay Area Immigrant Legal Services (demo)", "CA"),
    ("chicago-advocates-demo", "Chicago Survivors' Advocacy Center (demo)", "IL"),
]

# Given names with the gender the demo person answered; a name in another script is given with
# the Latin spelling the form takes, the original kept as the wizard keeps it.
GIVEN = [("María", "female"), ("José", "male"), ("Ana", "female"), ("Luis", "male"),
         ("Carmen", "female"), ("Thị Ánh", "female"), ("Rosa", "female"), ("Jorge", "male"),
         ("Lucía", "female"), ("Văn Nam", "male"), ("Fatima", "female"), ("Ahmed", "male"),
         ("Elena", "female"), ("Miguel", "male"), ("Sofía", "female"), ("Wei", "male"),
         ("Grace", "female")]  # fmt: skip
NATIVE_GIVEN = {"Ahmed": "أحمد", "Wei": "伟", "Fatima": "فاطمة"}
FAMILY = ["García", "Hernández", "López", "Martínez", "Nguyễn", "Pérez", "Ramírez", "Torres",
          "Flores", "Trần", "Rivera", "Gómez", "Díaz", "Reyes", "Cruz", "Morales"]  # fmt: skip
CITATIONS = {
    "CA": "Cal. Penal Code 273.5(a); 646.9(a)",
    "WA": "RCW 9A.36.021; RCW 9A.46.110",
    "IL": "720 ILCS 5/12-3.2; 720 ILCS 5/12-7.3",
    "MD": "Md. Code, Crim. Law 3-203",
    "TX": "Tex. Penal Code 22.01; 42.072",
}
NARRATIVE_ES = (
    "Mi expareja me golpeó en el apartamento y me amenazó si llamaba a la policía. Llamé al "
    "911 y di una declaración esa misma noche."
)
OFFICIAL_SUMMARY = (
    "Patrol officers responded to a 911 call. The victim reported that her former partner "
    "struck her several times and threatened her; she gave a statement the same night."
)


@dataclass(frozen=True)
class Account:
    """A demo account of the crime with the crimes it describes and the harm it mentions."""

    narrative: str
    activities: tuple[str, ...]
    injuries: str
    gender: str = ""  # the victim's, when the account says "she" or "he"
    domestic: bool = False  # the abuser is the victim's partner (a family member implicated)


DOMESTIC_VIOLENCE = Account(
    "The victim's former partner struck her several times at their apartment and threatened to "
    "kill her if she called the police. She called 911 and gave a statement the same night.",
    ("domestic_violence", "felonious_assault"),
    "Bruises to the face and arms; treated at the emergency room.",
    gender="female",
    domestic=True,
)
FORCED_LABOUR = Account(
    "The employer kept the victim's passport and made him work without pay, threatening to "
    "report him if he complained. He reported it and identified the employer.",
    ("peonage", "involuntary_servitude"),
    "Anxiety and trouble sleeping; in counselling.",
    gender="male",
)
STALKING = Account(
    "A man followed the victim home from work for weeks and left threatening notes. She kept "
    "the notes and gave them to the detective.",
    ("stalking",),
    "Anxiety and trouble sleeping; in counselling.",
    gender="female",
)
ROBBERY_WITH_A_KNIFE = Account(
    "The victim was robbed at knifepoint and cut on the arm. He identified the attacker in a "
    "line-up and testified at the preliminary hearing.",
    ("felonious_assault",),
    "A cut to the left forearm that needed stitches.",
    gender="male",
)
SPANISH_ACCOUNT = Account(NARRATIVE_ES, ("domestic_violence",), "", gender="female", domestic=True)
U_ACCOUNTS = [DOMESTIC_VIOLENCE, FORCED_LABOUR, STALKING, ROBBERY_WITH_A_KNIFE]
# A T request is about trafficking: the forced-labour account, with its trafficking type.
T_ACCOUNT = FORCED_LABOUR

# How far along the lifecycle each demo request goes; the last element is its final status.
PATHS: list[list[str]] = [
    [],
    ["submit"],
    ["submit", "receive"],
    ["submit", "receive", "assign"],
    ["submit", "receive", "assign", "start_review"],
    ["submit", "receive", "assign", "start_review", "request_info"],
    ["submit", "receive", "assign", "start_review", "request_info", "answer_info"],
    ["submit", "receive", "assign", "start_review", "certify"],
    ["submit", "receive", "assign", "start_review", "certify"],
    ["submit", "receive", "not_ours"],
    ["submit", "receive", "assign", "start_review", "deny"],
    ["submit", "receive", "assign", "start_review", "deny", "ask_reconsideration"],
    ["submit", "receive", "withdraw"],
    ["submit", "receive", "assign", "start_review", "certify", "withdraw_certification"],
]
REQUEST_COUNT = 60
# The last move of an open request whose clock runs; each such request is new, due soon or a
# little overdue, in turn.
CLOCK_RUNNING = {"receive", "assign", "start_review", "request_info", "answer_info",
                 "ask_reconsideration"}  # fmt: skip
OPEN_SHAPES = ("new", "due_soon", "overdue")
# Decided requests were received within this many days, and decided within the dashboards'
# default period (the last twelve months).
DECIDED_WITHIN_DAYS = 300
# The agency whose public figures the demo shows unsuppressed: every third request is its.
SHOWCASE = "sfpd"
DENIAL = ["submit", "receive", "assign", "start_review", "deny"]
SHOWCASE_DENIES = (["submit"], ["submit", "receive", "withdraw"])


class Command(BaseCommand):
    help = "Load the demo agencies, organisations, users and requests (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            agencies = self._agencies()
            organisations = self._organisations()
            people = self._people(agencies, organisations)
        if CertificationRequest.objects.filter(created_by__email__endswith=DEMO_DOMAIN).exists():
            self.stdout.write("Demo requests already present; nothing to add.")
        else:
            with transaction.atomic():
                count = self._requests(agencies, organisations, people)
            self.stdout.write(f"Created {count} demo requests.")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def _agencies(self) -> dict[str, Agency]:
        agencies = {}
        for seed in AGENCIES:
            agency, _ = Agency.objects.get_or_create(
                slug=seed.slug,
                defaults={
                    "name": seed.name,
                    "kind": seed.kind,
                    "state": seed.state,
                    "street": seed.street,
                    "city": seed.city,
                    "zip_code": seed.zip_code,
                    "phone": seed.phone,
                    "time_zone": seed.time_zone,
                    "level": seed.level,
                    "category": seed.category,
                    "category_other": seed.category_other,
                    "on_certify": seed.on_certify,
                    "certifies_t": seed.certifies_t,
                    **{
                        f"instructions_{code.replace('-', '_')}": text
                        for code, text in INSTRUCTIONS.items()
                    },
                },
            )
            if not agency.level:
                # A demo loaded before agencies carried their level and category.
                agency.level, agency.category = seed.level, seed.category
                agency.category_other = seed.category_other
                agency.save(update_fields=["level", "category", "category_other"])
            areas = [(seed.county, city) for city in seed.cities] or [(seed.county, "")]
            for county, city in areas:
                ServiceArea.objects.get_or_create(agency=agency, county=county, city=city)
            agencies[seed.slug] = agency
        return agencies

    def _organisations(self) -> dict[str, Organisation]:
        return {
            slug: Organisation.objects.get_or_create(
                slug=slug, defaults={"name": name, "state": state}
            )[0]
            for slug, name, state in ORGANISATIONS
        }

    def _user(self, local: str, first: str, last: str, language: str = "en", **extra: Any) -> User:
        user: User
        user, created = User.objects.get_or_create(
            email=f"{local}@{DEMO_DOMAIN}",
            defaults={
                "first_name": first,
                "last_name": last,
                "preferred_language": language,
                **extra,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _people(
        self, agencies: dict[str, Agency], organisations: dict[str, Organisation]
    ) -> dict[str, Any]:
        people: dict[str, Any] = {
            "admin": self._user("admin", "Site", "Admin", is_staff=True, is_superuser=True),
            "victim": self._user("victim", "Rosa", "Demo", language="es"),
            "victim_en": self._user("victim.en", "Grace", "Demo"),
            "advocates": {},
            "coordinators": {},
            "officials": {},
        }
        for index, (slug, org) in enumerate(organisations.items()):
            local = "advocate" if index == 0 else f"advocate.{slug}"
            advocate = self._user(local, "Alex", f"Advocate {index + 1}")
            OrganisationMembership.objects.get_or_create(user=advocate, organisation=org)
            people["advocates"][slug] = advocate
        for slug, agency in agencies.items():
            if not agency.on_certify:
                continue
            primary = slug == "sfpd"
            coordinator = self._user(
                "coordinator" if primary else f"coordinator.{slug}", "Casey", "Coordinator"
            )
            AgencyMembership.objects.get_or_create(
                user=coordinator, agency=agency, role=AgencyMembership.Role.COORDINATOR
            )
            official_user = self._user(
                "official" if primary else f"official.{slug}", "Morgan", "Official"
            )
            official, _ = CertifyingOfficial.objects.get_or_create(
                user=official_user,
                agency=agency,
                defaults={
                    "title": {
                        "court": "Judge",
                        "adult_protective": "Program Manager",
                        "other": "Supervisory Special Agent",
                    }.get(agency.kind, "Lieutenant"),
                    "division": "Special Victims Unit",
                    "basis": "judge" if agency.kind == "court" else "designated",
                    "designation_date": date(2024, 1, 15),
                    "designation_letter_on_file": True,
                },
            )
            people["coordinators"][slug] = coordinator
            people["officials"][slug] = official
        lead = self._user("lead", "Jordan", "Lead")
        AgencyMembership.objects.get_or_create(
            user=lead, agency=agencies["sfpd"], role=AgencyMembership.Role.LEAD
        )
        people["lead"] = lead
        self._enrol_second_factor()
        return people

    def _enrol_second_factor(self) -> None:
        """Staff and admins must use a second factor; the demo ones share the TOTP secret in
        README.md (settings.DEMO_TOTP_SECRET) so anyone trying the demo can add it to an app."""
        key = base64.b32decode(settings.DEMO_TOTP_SECRET).hex()
        for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}"):
            if second_factor_required(user):
                TOTPDevice.objects.get_or_create(
                    user=user, name=TOTP_NAME, defaults={"key": key, "confirmed": True}
                )

    def _requests(
        self,
        agencies: dict[str, Agency],
        organisations: dict[str, Organisation],
        people: dict[str, Any],
    ) -> int:
        rng = random.Random(20261125)  # fixed seed: the same demo on every machine
        activities = {a.code: a for a in QualifyingActivity.objects.filter(kind="crime")}
        on_certify = [a for a in agencies.values() if a.on_certify]
        now = timezone.now()
        open_count = 0
        for n in range(REQUEST_COUNT):
            agency = agencies[SHOWCASE] if n % 3 == 1 else on_certify[n % len(on_certify)]
            path = PATHS[n % len(PATHS)]
            if agency.slug == SHOWCASE and path in SHOWCASE_DENIES:
                # Enough denials too, so that no column of its public row is suppressed.
                path = DENIAL
            form = "T" if n % 4 == 3 and agency.certifies_t else "U"
            by_victim = n % 3 == 0
            org_slug = "chicago-advocates-demo" if agency.state == "IL" else "bay-legal-demo"
            creator = (
                (people["victim"] if n % 2 else people["victim_en"])
                if by_victim
                else people["advocates"][org_slug]
            )
            service_area = agency.service_areas.first()
            spanish_account = n % 8 == 5
            account = (
                SPANISH_ACCOUNT
                if spanish_account
                else T_ACCOUNT
                if form == "T"
                else rng.choice(U_ACCOUNTS)
            )
            given, gender = rng.choice(
                [(g, sex) for g, sex in GIVEN if sex == account.gender or not account.gender]
            )
            req = CertificationRequest(
                form=form,
                created_by=creator,
                filed_by="victim" if by_victim else "advocate",
                organisation=None if by_victim else organisations[org_slug],
                agency=agency,
                given_name=given,
                family_name=rng.choice(FAMILY),
                native_name={"given_name": NATIVE_GIVEN[given]} if given in NATIVE_GIVEN else {},
                date_of_birth=date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28)),
                gender=gender,
                a_number=f"A{rng.randint(10**8, 10**9 - 1)}" if n % 5 == 0 else "",
                preferred_language="es" if n % 2 else "en",
                safe_channels=["mail", "phone"] if n % 2 else ["email"],
                safe_mailing_address="PO Box 1234, demo" if n % 2 else "",
                safe_phone="+12025550143" if n % 2 else "",
                safe_email="" if n % 2 else f"safe.{n}@demo.certify.example",
                crime_dates=[],
                crime_city=(service_area.city if service_area else "") or agency.city,
                crime_county=service_area.county if service_area else "",
                crime_state=agency.state,
                case_number=f"{rng.randint(100000, 999999)}",
                narrative=account.narrative,
                narrative_in_english=not spanish_account,
                narrative_language="Spanish" if spanish_account else "",
                injuries=account.injuries,
                helped_ways=["reported", "statements"],
                trafficking_types=["labor_trafficking"] if form == "T" else [],
                cooperation="complied" if form == "T" else "",
                removal_proceedings=n % 9 == 0,
                expedite_requested=n % 9 == 0,
                consent_to_share=True,
            )
            shape = ""
            if path and path[-1] in CLOCK_RUNNING:
                shape = OPEN_SHAPES[open_count % len(OPEN_SHAPES)]
                open_count += 1
            received_at, end_at = self._dates(req, agency, path, shape, now, rng)
            req.created_at = received_at - timedelta(days=rng.randint(1, 6), hours=3)
            req.crime_dates = [
                (req.created_at.date() - timedelta(days=rng.randint(30, 400))).isoformat()
            ]
            req.save()
            if form == "U":
                req.activities.set([activities[code] for code in account.activities])
            if form == "U" and n % 6 == 0:
                FamilyMember.objects.create(
                    request=req,
                    family_name=req.family_name,
                    given_name=rng.choice(GIVEN)[0],
                    relationship="child",
                    date_of_birth=date(2010, 5, 1),
                    harmed=True,
                )
            if form == "U" and account.domestic and n % 10 == 4:
                FamilyMember.objects.create(
                    request=req,
                    family_name=rng.choice(FAMILY),
                    given_name=rng.choice(GIVEN)[0],
                    relationship="spouse",
                    implicated=True,
                    involvement="Struck the victim and threatened her",
                )
            self._walk(req, path, agency, creator, people, received_at, end_at)
        return REQUEST_COUNT

    def _dates(
        self,
        req: CertificationRequest,
        agency: Agency,
        path: list[str],
        shape: str,
        now: datetime,
        rng: random.Random,
    ) -> tuple[datetime, datetime]:
        """When the agency receives the request, and when its last move happens.

        An open request is received so that its due date (the agency's real deadline rule)
        falls where its shape says: received in the last two days, due within two weeks, or
        overdue by a few days to three weeks. A decided one is decided within the last twelve
        months; the showcase agency's are received this year."""
        today = timezone.localdate()
        if not path or path == ["submit"]:
            at = now - timedelta(days=rng.randint(1, 20), hours=rng.randint(1, 8))
            return at, at
        if shape:
            span = (
                deadline_for_agency(agency, req.form, clock_facts(req, received_on=today)).due_date
                - today
            ).days
            ago = {
                "new": rng.randint(0, 2),
                "due_soon": max(0, span - rng.randint(2, 12)),
                "overdue": span + rng.randint(3, 20),
            }[shape]
            received_at = now - timedelta(days=ago, hours=rng.randint(1, 6))
            return received_at, now - timedelta(minutes=30)
        window = DECIDED_WITHIN_DAYS
        if agency.slug == SHOWCASE:
            window = min(window, (today - today.replace(month=1, day=1)).days)
        received_at = now - timedelta(days=rng.randint(0, window), hours=rng.randint(2, 8))
        spent = timedelta(days=rng.randint(10, 80))
        return received_at, min(received_at + spent, now - timedelta(hours=1))

    def _officials_answers(self, req: CertificationRequest, official: CertifyingOfficial) -> None:
        """What the certifying official enters for Parts 2 to 6, so that no demo request the
        agency decided has a blank required item."""
        chosen = {
            "case.status": "ongoing",
            "case.fbi_or_sid_number": "N/A",
        }
        if req.form == "U":
            chosen |= {
                # Part 2, item 4: the head of the agency (or the supervisor), named.
                "agency.head.family_name": "Lead",
                "agency.head.given_name": "Jordan",
                "part3.statutory_citations": CITATIONS.get(req.crime_state, "N/A"),
                "part3.question_4": "no",
                "part3.question_5": "no",
                "part4.has_information": "yes",
                "part4.helpful": "yes",
                "part4.refused_to_help": "no",
                "part5.family_implicated": "yes"
                if req.family_members.filter(implicated=True).exists()
                else "no",
            }
            if not req.injuries:
                chosen["part3.injuries"] = "None"
        else:
            chosen |= {
                "part4.complied": "yes",
                "part5.continued_presence": "no",
                "part6.supervisor_name": "Jordan Lead",
            }
        if not req.narrative_in_english:
            # The account is in Spanish: the official writes the description in English.
            chosen["part3.description"] = OFFICIAL_SUMMARY
        done = review.completion_for(req)
        review.save_completion(
            req, actor=official.user, answers=chosen, expected_version=done.version
        )
        # Anything still blank gets the form's own "N/A" or "None", or its first box.
        edition = answers.edition_for(req)
        rest = {}
        for item in review.blank_items(req):
            spec = edition.by_key[item.key][0]
            rest[item.key] = spec.choice or spec.none_text or "N/A"
        if rest:
            done = review.completion_for(req)
            review.save_completion(
                req, actor=official.user, answers=rest, expected_version=done.version
            )

    def _sign(
        self,
        req: CertificationRequest,
        official: CertifyingOfficial,
        at: datetime,
        signature_date: date,
    ) -> CertificationRequest:
        """Certify as an official does: the printed copy signed in ink, scanned and recorded."""
        edition = answers.edition_for(req)
        printed = supplement.fill_official(req, review.completion_for(req), flatten=True)
        scan = stamp_beside_signature(
            printed.data,
            edition,
            f"[demo scan] signed in ink by {official.user.get_full_name()}",
        )
        return decisions.sign_in_ink(
            req,
            actor=official.user,
            scan=scan,
            original_name=f"{req.reference}-signed.pdf",
            signature_date=signature_date,
            expected_version=req.version,
            at=at,
        )

    def _walk(
        self,
        req: CertificationRequest,
        path: list[str],
        agency: Agency,
        creator: User,
        people: dict[str, Any],
        received_at: datetime,
        end_at: datetime,
    ) -> None:
        coordinator = people["coordinators"][agency.slug]
        official = people["officials"][agency.slug]
        for move, at in zip(path, self._schedule(path, received_at, end_at), strict=True):
            extra: dict[str, Any] = {}
            actor = {
                "submit": creator,
                "receive": None,
                "assign": coordinator,
                "answer_info": creator,
                "ask_reconsideration": creator,
                "withdraw": creator,
                "not_ours": coordinator,
            }.get(move, official.user)
            note = {
                "request_info": "Please send a copy of the protective order.",
                "not_ours": "The address given is outside our jurisdiction; the county sheriff "
                "handles it.",
                "deny": "The records do not show that the victim was asked to help and did.",
                "ask_reconsideration": "The victim gave a statement on the night of the crime.",
                "withdraw_certification": "The case file shows the victim was not the person "
                "harmed.",
            }.get(move, "")
            if move == "assign":
                extra["assigned_official"] = official
            if move == "deny":
                extra["denial_reason"] = "not_helpful"
            if move == "certify":
                req = self._sign(req, official, at, at.astimezone(agency.tz).date())
                continue
            req = transition(req, move=move, actor=actor, note=note, at=at, **extra)
            if move == "start_review":
                self._officials_answers(req, official)

    @staticmethod
    def _schedule(path: list[str], received_at: datetime, end_at: datetime) -> list[datetime]:
        """A time for each move: the submission two hours before receipt, the moves after it
        evenly spread up to `end_at`."""
        if "receive" not in path:
            return [received_at] * len(path)
        at_receipt = path.index("receive")
        after = len(path) - at_receipt
        return [
            received_at + (end_at - received_at) * (index - at_receipt) / after
            if index >= at_receipt
            else received_at - timedelta(hours=2 * (at_receipt - index))
            for index in range(len(path))
        ]
