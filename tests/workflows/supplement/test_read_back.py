"""Every answer the form asks for reaches the PDF: a request filled in through the wizard with
every question answered, completed by the official, then both copies read back field by field.

forms/sources.py says where each item comes from; these tests hold the wizard, the answers
mapping and the filler to it, for Form I-918 Supplement B (U) and Form I-914 Supplement B (T).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from certify.records import answers as request_answers
from certify.records.models import CertificationRequest
from certify.site.wizard.views import STEPS
from forms.editions import Edition, Kind, Role
from forms.fill import read_back
from forms.sources import Origin, not_on_the_form, sources_for
from tests.support.wizard import T_STEPS, U_STEPS, date_parts, post_step
from tests.support.workspace import assign_and_review, every_required_answer
from workflows import review, supplement

DATES = {"crime-date_1": (14, 2, 2025), "crime-date_2": (3, 3, 2025)}
DATES |= {"crime-date_3": (20, 4, 2025), "crime-date_4": (9, 6, 2025)}
DATES |= {"victim-date_of_birth": (26, 4, 1983)}
MEMBERS = [
    ("Trần", "Minh", "Đức", "spouse", "Struck the victim and threatened her"),
    ("Trần", "Hùng", "", "sibling", "Kept watch outside the apartment"),
    ("Lê", "Thị", "Hoa", "parent", "Hid the victim's passport"),
    ("Phạm", "Văn", "", "other", "Drove the victim to the house"),
    ("Võ", "Lan", "", "child", "Sent threatening messages"),
]


def full_answers(agency_id: int, form: str) -> dict[str, dict]:
    """Every question answered, optional ones included, for form U or T."""
    data: dict[str, dict] = {
        "start": {"filed_by": "victim", "form": form},
        "victim": {
            "family_name": "Trần",
            "given_name": "Văn Nam",
            "middle_name": "Quốc",
            "other_1_family_name": "Tran",
            "other_1_given_name": "Nam",
            "other_2_family_name": "Nguyễn",
            "other_2_given_name": "Nam",
            "other_2_middle_name": "Văn",
            "other_3_given_name": "Nami",
            **date_parts("date_of_birth", *DATES["victim-date_of_birth"]),
            "gender": "male",
            "a_number": "A12345678",
            "preferred_language": "en",
        },
        "contact": {"safe_channels": ["mail"], "safe_mailing_address": "PO Box 12, Oakland"},
        "crime": {
            **{
                k.removeprefix("crime-") + suffix: str(v)
                for k, (d, m, y) in DATES.items()
                if k.startswith("crime-")
                for suffix, v in (("_day", d), ("_month", m), ("_year", y))
            },
            "city": "San Francisco",
            "county": "San Francisco",
            "state": "CA",
            "case_number": "SF-2025-000123",
        },
        "agency": {"agency": str(agency_id)},
        "story": {
            "narrative": "My former partner hit me at our apartment and followed me for weeks.",
            "injuries": "A broken wrist, treated at General Hospital.",
            "in_english": "yes",
        },
        "helpfulness": {
            "helped_ways": ["reported", "statements", "identified", "testified", "other"],
            "helpfulness_details": "Met Detective Ruiz twice and gave the notes he left.",
            "unmet": "yes",
            "unmet_request": "Could not attend the March hearing: no one could mind the baby.",
        },
        "expedite": {"removal_proceedings": "on"},
        "documents": {},
        "check": {"declaration": "on", "consent": "on"},
    }
    if form == "U":
        data["activities"] = {
            "activities": ["domestic_violence", "stalking", "hostage", "felonious_assault"],
            "similar_activity": "Criminal threats (Cal. Penal Code 422)",
        }
        family = {"harmed": "yes", "implicated": "yes"}
        family |= {
            "harmed_1_family_name": "Trần",
            "harmed_1_given_name": "Bé",
            "harmed_1_relationship": "child",
            **date_parts("harmed_1_date_of_birth", 1, 6, 2016),
        }
        for n, (family_name, given, middle, relation, did) in enumerate(MEMBERS, start=1):
            family |= {
                f"implicated_{n}_family_name": family_name,
                f"implicated_{n}_given_name": given,
                f"implicated_{n}_middle_name": middle,
                f"implicated_{n}_relationship": relation,
                f"implicated_{n}_involvement": did,
            }
        data["family"] = family
    else:
        data["activities"] = {
            "trafficking_types": ["sex_trafficking_force_fraud_coercion", "labor_trafficking"],
            "similar_activity": "Debt bondage through recruitment fees",
        }
        data["helpfulness"] |= {
            "cooperation": "trauma",
            "cooperation_details": "Panic attacks made a second interview impossible.",
        }
    return data


def posted(data: dict[str, dict]) -> dict[str, object]:
    """The answers by posted name ("victim-a_number"); dates as dates."""
    flat: dict[str, object] = {}
    for step, fields in data.items():
        for name, value in fields.items():
            flat[f"{step}-{name}"] = value
    for name, (d, m, y) in DATES.items():
        flat[name] = date(y, m, d)
    return flat


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


@pytest.fixture
def full_agency(world):
    agency = world.agency_a
    agency.street = "850 Bryant Street"
    agency.suite = "Room 500"
    agency.zip_code = "94103"
    agency.phone = "+14155550100"
    agency.fax = "+14155550199"
    agency.save()
    return agency


def file_request(client, world, data, steps) -> CertificationRequest:
    client.force_login(world.users["victim"])
    before = set(CertificationRequest.objects.values_list("pk", flat=True))
    for step in steps:
        response = post_step(client, step, data[step])
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    return CertificationRequest.objects.exclude(pk__in=before).get()


def completed(world, req: CertificationRequest, **chosen) -> CertificationRequest:
    req = assign_and_review(world, req)
    done = review.completion_for(req)
    values = every_required_answer(req) | chosen
    review.save_completion(
        req, actor=world.users["official"], answers=values, expected_version=done.version
    )
    # Answering Part 5 item 1 "Yes" brings the requester's rows in; nothing else stays blank.
    assert review.blank_items(req) == []
    req.refresh_from_db()
    return req


class Pdf:
    def __init__(self, edition: Edition, data: bytes):
        self.edition = edition
        self.values = read_back(data)
        pages = PdfReader(io.BytesIO(data)).pages
        extra = " ".join(p.extract_text() for p in pages[edition.page_count :])
        part7 = " ".join(
            self.values.get(s.pdf_name, "") for s in edition.specs(Role.ADDITIONAL_INFO)
        )
        self.part7 = " ".join(f"{part7} {extra}".split())

    def text(self, key: str) -> str:
        own = " ".join(self.values.get(s.pdf_name, "") for s in self.edition.by_key[key])
        return " ".join(f"{own} {self.part7}".split())

    def ticked(self, key: str) -> set[object]:
        return {
            s.choice if s.choice is not None else True
            for s in self.edition.by_key[key]
            if self.values.get(s.pdf_name, "/Off") not in ("", "/Off")
        }


def expected_text(name: str, value: object) -> str:
    """How the wizard's answer reads on the form."""
    if isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    if name == "victim-a_number":
        return str(value).removeprefix("A").zfill(9)
    if name == "crime-county":
        return f"{value} County"
    if name == "helpfulness-helped_ways":
        # "Other" is left out when the details say what it was (they always do here).
        labels = dict(CertificationRequest.HelpedWay.choices)
        codes = [code for code in value if code != "other"]
        return "; ".join(request_answers._english(labels[code]) for code in codes)
    if name == "helpfulness-cooperation":
        return request_answers.COOPERATION_STATEMENTS[value]
    if name.endswith("_relationship"):
        from certify.records.models import FamilyMember

        return request_answers._english(dict(FamilyMember.Relationship.choices)[value])
    return " ".join(str(value).split())


def check_every_wizard_answer(pdf: Pdf, data: dict[str, dict], parts: frozenset[int]) -> int:
    """Assert each WIZARD-sourced answer of the copy's parts is in the PDF; returns how many
    answers were checked."""
    given = posted(data)
    checked = 0
    for key, source in sources_for(pdf.edition).items():
        spec = pdf.edition.by_key[key][0]
        if source.origin is not Origin.WIZARD or spec.part not in parts:
            continue
        if spec.kind is Kind.CHECKBOX:
            chosen = given[source.fields[0]]
            if key == "victim.gender":
                assert pdf.ticked(key) == {chosen}, key
            else:
                code = key.rsplit(".", 1)[1]
                codes = {request_answers._ACTIVITY_KEYS.get(c, c) for c in chosen}
                assert pdf.ticked(key) == ({True} if code in codes else set()), key
            checked += 1
            continue
        if key in ("part3.date_from", "part3.date_to"):
            days = [given[f"crime-date_{n}"] for n in (1, 2, 3, 4)]
            wanted = min(days) if key == "part3.date_from" else max(days)
            assert expected_text("", wanted) in pdf.text(key), key
            checked += 1
            continue
        for name in source.fields:
            value = given.get(name)
            if value in (None, "", []):
                continue
            wanted = expected_text(name, value)
            assert wanted in pdf.text(key), (key, name, wanted)
            checked += 1
    return checked


def test_every_answer_of_a_u_request_is_in_both_copies(client, world, full_agency):
    data = full_answers(full_agency.pk, "U")
    req = file_request(client, world, data, U_STEPS)
    req = completed(
        world, req, **{"part4.refused_to_help": "yes", "part5.family_implicated": "yes"}
    )
    edition = request_answers.edition_for(req)

    requester = Pdf(edition, supplement.requester_copy(req).data)
    assert check_every_wizard_answer(requester, data, edition.requester_parts) >= 13
    official = Pdf(
        edition, supplement.prepare_official_copy(req, actor=world.users["official"]).data
    )
    assert check_every_wizard_answer(official, data, frozenset(edition.parts)) >= 60
    # The agency's record fills Part 2 and the phone numbers in Part 6.
    assert official.text("agency.type").startswith("") and official.ticked("agency.type") == {
        "local"
    }
    assert official.ticked("agency.category") == {"law_enforcement"}
    assert official.values[edition.by_key["agency.address.street"][0].pdf_name] == (
        "850 Bryant Street"
    )
    assert official.values[edition.by_key["part6.fax"][0].pdf_name] == "(415) 555-0199"


def test_every_answer_of_a_t_request_is_in_both_copies(client, world, full_agency):
    data = full_answers(full_agency.pk, "T")
    req = file_request(client, world, data, T_STEPS)
    req = completed(world, req)
    edition = request_answers.edition_for(req)
    assert edition.form == "I-914B"

    requester = Pdf(edition, supplement.requester_copy(req).data)
    assert check_every_wizard_answer(requester, data, edition.requester_parts) >= 10
    official = Pdf(
        edition, supplement.prepare_official_copy(req, actor=world.users["official"]).data
    )
    assert check_every_wizard_answer(official, data, frozenset(edition.parts)) >= 25
    # The T questions, not the U crime list.
    assert official.ticked("part3.claim.labor_trafficking") == {True}
    assert official.ticked("part3.claim.sex_trafficking_minor") == set()
    assert "trauma" in official.text("part4.explanation")


@pytest.mark.parametrize("form", ["U", "T"])
def test_the_wizard_asks_nothing_the_table_leaves_behind(world, form):
    """Every wizard question feeds an item of the form or is named as not on it, and every
    wizard field the table names exists."""
    edition = request_answers.edition_for(CertificationRequest(form=form))
    table = sources_for(edition)
    named = {name for s in table.values() if s.origin is Origin.WIZARD for name in s.fields}
    asked = set()
    for step, form_class in STEPS:
        if step == "which" or (step == "family" and form == "T"):
            continue
        kwargs = {"form": form} if step in ("activities", "helpfulness") else {}
        instance = form_class(prefix=step, **kwargs)
        asked |= {f"{step}-{name}" for name in instance.fields}
    left_behind = sorted(n for n in asked - named if not_on_the_form(n) is None)
    assert left_behind == []
    assert sorted(named - asked) == []
    # And the table covers exactly the edition's answers.
    assert set(table) == set(edition.answer_keys)
