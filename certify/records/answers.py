"""From a certification request to the answers a supplement edition takes.

forms/ turns a plain mapping of answer keys into PDF bytes and knows nothing of requests; this
module is the one place that reads a request (and its agency and official) into that mapping.
forms/sources.py documents, item by item, where each answer comes from; a test holds this module
to that table.

The supplement is an English federal form: every sentence written here is English, whatever the
language of the person who asked, and what the requester wrote goes in only when they said it is
in English (a translation needs the translator's certification, 8 CFR 103.2(b)(3)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from django.utils import translation
from phonenumber_field.phonenumber import PhoneNumber

from certify.records.models import (
    Agency,
    CertificationRequest,
    CertifyingOfficial,
    FamilyMember,
)
from forms.editions import get_edition
from forms.editions.base import (
    ADDITIONAL_ENTRIES,
    NOT_APPLICABLE,
    AdditionalEntry,
    Edition,
)

FORM_CODES: dict[str, str] = {
    CertificationRequest.Form.U: "I-918B",
    CertificationRequest.Form.T: "I-914B",
}
Form = CertificationRequest.Form

# Our catalogue codes where they differ from the edition's Part 3 keys.
_ACTIVITY_KEYS = {
    "hostage": "being_held_hostage",
    "foreign_labor_fraud": "fraud_in_foreign_labor_contracting",
}

# What a T requester said about cooperation, as the declaration's explanation reads it.
COOPERATION_STATEMENTS: dict[str, str] = {
    CertificationRequest.Cooperation.COMPLIED: (
        "The victim has complied with reasonable requests for assistance from law enforcement."
    ),
    CertificationRequest.Cooperation.NOT_ASKED: (
        "Law enforcement has not yet asked the victim for assistance."
    ),
    CertificationRequest.Cooperation.TRAUMA: (
        "The victim could not comply with every request for assistance because of physical "
        "or psychological trauma."
    ),
    CertificationRequest.Cooperation.UNDER_18: (
        "The victim was under 18 years of age, so compliance with requests for assistance is "
        "not required."
    ),
}

# Part 5 of Form I-918 Supplement B has three rows (items 2 to 4); further members go to Part 7.
PART5_ROWS = 3
PART5_ITEMS = ("2", "3", "4")


def edition_for(req: CertificationRequest) -> Edition:
    return get_edition(FORM_CODES[req.form], None)


def _phone(value: PhoneNumber | Literal[""] | None) -> str:
    # A blank PhoneNumberField reads back as "" (or None); phonenumber_field ships no types.
    if not value:
        return ""
    national: str = value.as_national
    return national


def _english(label: Any) -> str:
    """A lazy label in English (the form is English whatever language the page is in)."""
    with translation.override("en"):
        return str(label)


def _relationship(member: FamilyMember) -> str:
    return _english(dict(FamilyMember.Relationship.choices).get(member.relationship, ""))


def name_parts(value: object) -> tuple[str, str, str]:
    """(family, given, middle) of a name kept as parts; a legacy whole-name string gives
    ("", "", string): it is never split by guess."""
    if isinstance(value, Mapping):
        return (
            str(value.get("family_name") or "").strip(),
            str(value.get("given_name") or "").strip(),
            str(value.get("middle_name") or "").strip(),
        )
    return ("", "", str(value or "").strip())


def name_in_words(value: object) -> str:
    """A name for a sentence: "Family Name: Trần, Given Name: Văn Nam" (never reordered)."""
    family, given, middle = name_parts(value)
    if not family and not given:
        return middle
    pieces = [("Family Name", family), ("Given Name", given), ("Middle Name", middle)]
    return ", ".join(f"{label}: {text}" for label, text in pieces if text)


def other_names_given(req: CertificationRequest) -> list[object]:
    return [n for n in (req.other_names or []) if any(name_parts(n))]


def _victim(req: CertificationRequest, edition: Edition) -> dict[str, Any]:
    # Once the requester has answered, an empty optional answer means "does not apply", and
    # USCIS rejects supplements with blank boxes: "None" or "N/A" is written instead (USCIS
    # alert of 30 June 2020 on rejecting U-visa filings with blank fields).
    answers: dict[str, Any] = {
        "victim.family_name": req.family_name,
        "victim.given_name": req.given_name,
        "victim.middle_name": req.middle_name or NOT_APPLICABLE,
        "victim.date_of_birth": req.date_of_birth,
        "victim.gender": req.gender,
        "victim.a_number": req.a_number or NOT_APPLICABLE,
    }
    others = other_names_given(req)
    entries: list[AdditionalEntry] = []
    if "victim.other_names" in edition.answer_keys:
        # One line for every other name; the filler sends what does not fit to Part 7.
        answers["victim.other_names"] = "; ".join(map(name_in_words, others)) or NOT_APPLICABLE
    elif "victim.other.family_name" in edition.answer_keys:
        spec = edition.by_key["victim.other.family_name"][0]
        rows = [n for n in others if isinstance(n, Mapping)]
        if rows:
            family, given, middle = name_parts(rows[0])
            answers["victim.other.family_name"] = family
            answers["victim.other.given_name"] = given
            answers["victim.other.middle_name"] = middle or NOT_APPLICABLE
        item = spec.item.split(".")[0]
        for extra in [n for n in others if n is not (rows[0] if rows else None)]:
            entries.append(
                AdditionalEntry(
                    page=spec.page,
                    part=spec.part,
                    item=item,
                    text=f"Other name used: {name_in_words(extra)}",
                    key="victim.other",
                )
            )
    if entries:
        answers[ADDITIONAL_ENTRIES] = entries
    return answers


def _choice_if_offered(edition: Edition, key: str, value: str) -> str:
    """The value when the edition has a box for it, else "" (left to the official)."""
    choices = {spec.choice for spec in edition.by_key.get(key, ())}
    return value if value in choices else ""


def _agency(
    agency: Agency, official: CertifyingOfficial | None, edition: Edition
) -> dict[str, Any]:
    keys = edition.answer_keys
    answers: dict[str, Any] = {
        "agency.name": agency.name,
        "agency.address.street": agency.street,
        "agency.address.city": agency.city,
        "agency.address.state": agency.state,
        "agency.address.zip_code": agency.zip_code,
        # As recorded for the agency; a level the edition has no box for (Tribal on the
        # 01/20/25 Form I-918 Supplement B) is left for the official to answer.
        "agency.type": _choice_if_offered(edition, "agency.type", agency.level),
        "agency.category": _choice_if_offered(edition, "agency.category", agency.category),
    }
    if answers["agency.category"] == Agency.Category.OTHER:
        answers["agency.category_other"] = agency.category_other
    if agency.suite:
        answers["agency.address.unit_number"] = agency.suite
        if "agency.address.unit_type" in keys:
            answers["agency.address.unit_type"] = "ste"
    phone_key = "part6.daytime_phone" if "part6.daytime_phone" in keys else "part2.daytime_phone"
    fax_key = "part6.fax" if "part6.fax" in keys else "part2.fax"
    answers[phone_key] = _phone(agency.phone)
    answers[fax_key] = _phone(agency.fax) or NOT_APPLICABLE
    if official is not None:
        user = official.user
        answers["official.family_name"] = user.last_name
        answers["official.given_name"] = user.first_name
        answers["official.middle_name"] = NOT_APPLICABLE
        if "official.title_and_division" in keys:
            title = ", ".join(p for p in (official.title, official.division) if p)
            answers["official.title_and_division"] = title
        else:
            answers["official.title"] = official.title
            answers["official.division"] = official.division or NOT_APPLICABLE
    return {key: value for key, value in answers.items() if key in keys}


def place_of_crime(req: CertificationRequest) -> str:
    county = f"{req.crime_county} County" if req.crime_county else ""
    place = ", ".join(p for p in (req.crime_city, county, req.crime_state) if p)
    return f"Place of the criminal activity: {place}." if place else ""


def _in_english(req: CertificationRequest) -> bool:
    # None: asked before the question existed; the official reads it and decides.
    return req.narrative_in_english is not False


def _description(
    req: CertificationRequest, *, similar_label: str, with_injuries: bool = False
) -> str:
    """Part 3's description: where it happened, then the requester's account (English only)."""
    if not _in_english(req):
        return ""
    pieces = [place_of_crime(req), req.narrative.strip()]
    if req.similar_activity.strip():
        pieces.append(f"{similar_label}: {req.similar_activity.strip()}")
    if with_injuries and req.injuries.strip():
        # The T declaration has no injuries item of its own.
        pieces.append(f"Injuries or harm: {req.injuries.strip()}")
    return "\n\n".join(p for p in pieces if p)


def helped_ways_in_words(req: CertificationRequest, *, language: str | None = None) -> str:
    labels = dict(CertificationRequest.HelpedWay.choices)
    codes = list(req.helped_ways or [])
    if CertificationRequest.HelpedWay.OTHER in codes and req.helpfulness_details.strip():
        codes.remove(CertificationRequest.HelpedWay.OTHER)  # the details say what it was
    ways = [labels.get(code, code) for code in codes]
    if language:
        with translation.override(language):
            return "; ".join(str(w) for w in ways)
    return "; ".join(str(w) for w in ways)


def _helpfulness(req: CertificationRequest) -> str:
    pieces = []
    ways = helped_ways_in_words(req, language="en")
    if ways:
        pieces.append(f"How the victim has helped (as stated in the request): {ways}.")
    if _in_english(req) and req.helpfulness_details.strip():
        pieces.append(req.helpfulness_details.strip())
    return "\n\n".join(pieces)


def implicated_members(req: CertificationRequest) -> list[FamilyMember]:
    return [m for m in req.family_members.all() if m.implicated]


def harmed_members(req: CertificationRequest) -> list[FamilyMember]:
    return [m for m in req.family_members.all() if m.harmed]


def _member_in_words(member: FamilyMember) -> str:
    name = name_in_words(
        {
            "family_name": member.family_name,
            "given_name": member.given_name,
            "middle_name": member.middle_name,
        }
        if member.family_name or member.given_name
        else member.full_name
    )
    pieces = [name, f"Relationship: {_relationship(member)}"]
    if member.involvement:
        pieces.append(f"Involvement: {member.involvement}")
    return "; ".join(pieces)


def _part5(req: CertificationRequest, edition: Edition) -> tuple[dict[str, Any], list[Any]]:
    """Part 5 rows from the family members the requester says took part; the caller uses
    them only once the official has answered item 1 "Yes"."""
    answers: dict[str, Any] = {}
    entries: list[AdditionalEntry] = []
    members = implicated_members(req)
    for index, member in enumerate(members[:PART5_ROWS], start=1):
        prefix = f"part5.member_{index}"
        if member.family_name or member.given_name:
            answers[f"{prefix}.family_name"] = member.family_name
            answers[f"{prefix}.given_name"] = member.given_name
            answers[f"{prefix}.middle_name"] = member.middle_name or NOT_APPLICABLE
        else:
            # Recorded as one whole name: never split by guess. The family-name box says so.
            answers[f"{prefix}.family_name"] = member.full_name
        answers[f"{prefix}.relationship"] = _relationship(member)
        answers[f"{prefix}.involvement"] = member.involvement
    if len(members) > PART5_ROWS:
        spec = edition.by_key["part5.member_1.family_name"][0]
        items = f"{PART5_ITEMS[0]}-{PART5_ITEMS[-1]}"
        for number, member in enumerate(members[PART5_ROWS:], start=PART5_ROWS + 1):
            entries.append(
                AdditionalEntry(
                    page=spec.page,
                    part=spec.part,
                    item=items,
                    text=f"Family member {number} implicated: {_member_in_words(member)}",
                    key=f"part5.member_{number}",
                )
            )
    return answers, entries


def _crime_u(
    req: CertificationRequest, edition: Edition, completion: Mapping[str, Any]
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for activity in req.activities.all():
        if activity.kind != "similar":
            answers[f"part3.activity.{_ACTIVITY_KEYS.get(activity.code, activity.code)}"] = True
    for index, day in enumerate(req.crime_dates[:4], start=1):
        answers[f"part3.activity_date_{index}"] = date.fromisoformat(day)
    answers["part3.description"] = _description(req, similar_label="Similar activity")
    if _in_english(req):
        answers["part3.injuries"] = req.injuries
    answers["part4.helpfulness_description"] = _helpfulness(req)
    if completion.get("part4.refused_to_help") == "yes" and _in_english(req):
        answers["part4.refused_explanation"] = req.unmet_request
    answers["case.number"] = req.case_number
    if completion.get("part5.family_implicated") == "yes":
        rows, entries = _part5(req, edition)
        answers.update(rows)
        if entries:
            answers[ADDITIONAL_ENTRIES] = entries
    return answers


def _cooperation(req: CertificationRequest) -> str:
    pieces = []
    statement = COOPERATION_STATEMENTS.get(req.cooperation)
    if statement:
        pieces.append(statement)
    ways = helped_ways_in_words(req, language="en")
    if ways:
        pieces.append(f"How the victim has helped (as stated in the request): {ways}.")
    if _in_english(req):
        for label, text in (
            ("", req.cooperation_details),
            ("", req.helpfulness_details),
            ("Requests the victim could not meet, and why", req.unmet_request),
        ):
            if text.strip():
                pieces.append(f"{label}: {text.strip()}" if label else text.strip())
    return "\n\n".join(pieces)


def _crime_t(req: CertificationRequest, edition: Edition) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "part3.description": _description(
            req, similar_label="Other form of trafficking", with_injuries=True
        ),
        "part4.explanation": _cooperation(req),
        "case.number": req.case_number,
    }
    for kind in req.trafficking_types or []:
        key = f"part3.claim.{kind}"
        if key in edition.answer_keys:
            answers[key] = True
    if req.similar_activity.strip() and _in_english(req):
        answers["part3.claim_other"] = req.similar_activity.strip()
    if req.crime_dates:
        days = sorted(req.crime_dates)
        answers["part3.date_from"] = date.fromisoformat(days[0])
        if len(days) > 1:
            answers["part3.date_to"] = date.fromisoformat(days[-1])
    return answers


def _merge_entries(*groups: Iterable[Any]) -> list[Any]:
    return [entry for group in groups for entry in group]


def requester_answers(req: CertificationRequest) -> dict[str, Any]:
    """Part 1, and Part 2 when the request names an agency (its details are public)."""
    with translation.override("en"):
        return _requester_answers(req)


def _requester_answers(req: CertificationRequest) -> dict[str, Any]:
    edition = edition_for(req)
    answers = _victim(req, edition)
    if req.agency is not None:
        answers.update(_agency(req.agency, None, edition))
    # Part 2 asks for the case number; the requester's (from the police report) is a start.
    answers["case.number"] = req.case_number
    return _without_blanks(answers)


def official_answers(
    req: CertificationRequest, completion: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Every part: prefilled from the request, the agency and the official's designation, then
    overridden by what the official entered (`completion`, keyed like the edition).

    Part 5 ("Family Members Implicated in the Criminal Activity") carries rows only when the
    official answers its item 1 "Yes": a relative the requester lists there is only a claim."""
    with translation.override("en"):
        return _official_answers(req, dict(completion or {}))


def _official_answers(req: CertificationRequest, completion: dict[str, Any]) -> dict[str, Any]:
    edition = edition_for(req)
    answers = _victim(req, edition)
    entries = answers.pop(ADDITIONAL_ENTRIES, [])
    if req.agency is not None:
        answers.update(_agency(req.agency, req.assigned_official, edition))
    crime = _crime_u(req, edition, completion) if req.form == Form.U else _crime_t(req, edition)
    entries = _merge_entries(entries, crime.pop(ADDITIONAL_ENTRIES, []))
    answers.update(crime)
    if req.signature_date:
        answers["part6.signature_date"] = req.signature_date
    answers.update(completion)
    if "part5.family_implicated" in edition.answer_keys and (
        answers.get("part5.family_implicated") != "yes"
    ):
        answers = {k: v for k, v in answers.items() if not k.startswith("part5.member_")}
        entries = [e for e in entries if not e.key.startswith("part5.")]
    if entries:
        answers[ADDITIONAL_ENTRIES] = entries
    return _without_blanks(answers)


def _without_blanks(answers: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answers.items() if value not in ("", None, [])}
