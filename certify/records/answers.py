"""From a certification request to the answers a supplement edition takes.

forms/ turns a plain mapping of answer keys into PDF bytes and knows nothing of requests; this
module is the one place that reads a request (and its agency and official) into that mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from phonenumber_field.phonenumber import PhoneNumber

from certify.records.models import Agency, CertificationRequest, CertifyingOfficial
from forms.editions import get_edition
from forms.editions.base import NOT_APPLICABLE, Edition

FORM_CODES: dict[str, str] = {
    CertificationRequest.Form.U: "I-918B",
    CertificationRequest.Form.T: "I-914B",
}

# Our catalogue codes where they differ from the edition's Part 3 keys.
_ACTIVITY_KEYS = {
    "hostage": "being_held_hostage",
    "foreign_labor_fraud": "fraud_in_foreign_labor_contracting",
}

# How the agency's kind reads on Part 2's "agency category" boxes.
_CATEGORY: dict[str, str] = {
    Agency.Kind.COURT: "judge",
    Agency.Kind.PROSECUTOR: "prosecutor",
    Agency.Kind.CITY_ATTORNEY: "prosecutor",
    Agency.Kind.POLICE: "law_enforcement",
    Agency.Kind.SHERIFF: "law_enforcement",
}


def edition_for(req: CertificationRequest) -> Edition:
    return get_edition(FORM_CODES[req.form], None)


def _phone(value: PhoneNumber | Literal[""] | None) -> str:
    # A blank PhoneNumberField reads back as "" (or None); phonenumber_field ships no types.
    if not value:
        return ""
    national: str = value.as_national
    return national


def _victim(req: CertificationRequest) -> dict[str, Any]:
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
    others = [name for name in req.other_names if isinstance(name, str) and name.strip()]
    if req.form == CertificationRequest.Form.T:
        answers["victim.other_names"] = "; ".join(others) or NOT_APPLICABLE
    elif others:
        # One row on the form; the filler sends what does not fit to Part 7.
        answers["victim.other.given_name"] = "; ".join(others)
    return answers


def _agency(agency: Agency, official: CertifyingOfficial | None, form: str) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "agency.name": agency.name,
        "agency.address.street": agency.street,
        "agency.address.city": agency.city,
        "agency.address.state": agency.state,
        "agency.address.zip_code": agency.zip_code,
        "agency.type": "local",
        "agency.category": _CATEGORY.get(agency.kind, "other"),
    }
    if answers["agency.category"] == "other":
        answers["agency.category_other"] = agency.get_kind_display()
    if agency.suite:
        answers["agency.address.unit_number"] = agency.suite
        if form == CertificationRequest.Form.U:
            answers["agency.address.unit_type"] = "ste"
    phone_key = (
        "part6.daytime_phone" if form == CertificationRequest.Form.U else "part2.daytime_phone"
    )
    fax_key = "part6.fax" if form == CertificationRequest.Form.U else "part2.fax"
    answers[phone_key] = _phone(agency.phone)
    answers[fax_key] = _phone(agency.fax) or NOT_APPLICABLE
    if official is not None:
        user = official.user
        answers["official.family_name"] = user.last_name
        answers["official.given_name"] = user.first_name
        answers["official.middle_name"] = NOT_APPLICABLE
        if form == CertificationRequest.Form.U:
            title = ", ".join(p for p in (official.title, official.division) if p)
            answers["official.title_and_division"] = title
        else:
            answers["official.title"] = official.title
            answers["official.division"] = official.division
    return answers


def _crime_u(req: CertificationRequest) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for activity in req.activities.all():
        if activity.kind != "similar":
            answers[f"part3.activity.{_ACTIVITY_KEYS.get(activity.code, activity.code)}"] = True
    for index, day in enumerate(req.crime_dates[:4], start=1):
        answers[f"part3.activity_date_{index}"] = date.fromisoformat(day)
    description = req.narrative
    if req.similar_activity:
        description = f"{description}\n\nSimilar activity: {req.similar_activity}".strip()
    answers["part3.description"] = description
    answers["part3.injuries"] = req.injuries
    answers["part4.helpfulness_description"] = req.helpfulness_details
    answers["case.number"] = req.case_number
    for index, member in enumerate(req.family_members.all()[:3], start=1):
        given, _, family = member.full_name.rpartition(" ")
        answers[f"part5.member_{index}.given_name"] = given or family
        answers[f"part5.member_{index}.family_name"] = family if given else ""
        answers[f"part5.member_{index}.relationship"] = member.get_relationship_display()
    return answers


def _crime_t(req: CertificationRequest) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "part3.description": req.narrative,
        "part4.explanation": req.helpfulness_details,
        "case.number": req.case_number,
    }
    if req.crime_dates:
        days = sorted(req.crime_dates)
        answers["part3.date_from"] = date.fromisoformat(days[0])
        if len(days) > 1:
            answers["part3.date_to"] = date.fromisoformat(days[-1])
    return answers


def requester_answers(req: CertificationRequest) -> dict[str, Any]:
    """Part 1, and Part 2 when the request names an agency on certify (its details are public)."""
    answers = _victim(req)
    if req.agency is not None:
        answers.update(_agency(req.agency, None, req.form))
    return _without_blanks(answers)


def official_answers(
    req: CertificationRequest, completion: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Every part: prefilled from the request, the agency and the official's designation, then
    overridden by what the official entered (`completion`, keyed like the edition)."""
    answers = _victim(req)
    if req.agency is not None:
        answers.update(_agency(req.agency, req.assigned_official, req.form))
    answers.update(_crime_u(req) if req.form == CertificationRequest.Form.U else _crime_t(req))
    if req.signature_date:
        answers["part6.signature_date"] = req.signature_date
    answers.update(completion or {})
    return _without_blanks(answers)


def _without_blanks(answers: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answers.items() if value not in ("", None, [])}
