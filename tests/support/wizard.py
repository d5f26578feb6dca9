"""Posting the request wizard's steps with the Django test client."""

import io

from django.urls import reverse
from pypdf import PdfWriter


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _blank_pdf()


def step_url(step: str) -> str:
    return reverse("wizard_step", kwargs={"step": step})


def post_step(client, step: str, data: dict, **extra):
    payload = {"certify_request-current_step": step}
    for key, value in data.items():
        payload[key if key.startswith(f"{step}-") else f"{step}-{key}"] = value
    payload.update(extra)
    return client.post(step_url(step), payload)


def date_parts(field: str, day, month, year) -> dict:
    return {f"{field}_day": str(day), f"{field}_month": str(month), f"{field}_year": str(year)}


def answers(agency_id=None, *, form="U", filed_by="victim") -> dict:
    """A valid answer for every step, as the forms post them."""
    t = form == "T"
    return {
        "start": {"filed_by": filed_by, "form": form},
        "which": {"form": "U"},
        "victim": {
            "family_name": "Peña Núñez",
            "given_name": "Rosa",
            "middle_name": "",
            "other_1_family_name": "Peña",
            "other_1_given_name": "Rosita",
            "other_2_family_name": "Pérez",
            "other_2_given_name": "Rosa",
            **date_parts("date_of_birth", 2, 4, 1990),
            "gender": "female",
            "a_number": "a 12345678",
            "preferred_language": "es",
        },
        "contact": {
            "safe_channels": ["phone", "email"],
            "safe_phone": "(202) 555-0143",
            "safe_email": "rosa.safe@example.org",
            "safe_mailing_address": "",
        },
        "crime": {
            **date_parts("date_1", 14, 2, 2025),
            "city": "San Francisco",
            "county": "San Francisco",
            "state": "CA",
            "case_number": "SF-2025-000123",
        },
        "activities": (
            {"trafficking_types": ["labor_trafficking"], "similar_activity": ""}
            if t
            else {"activities": ["domestic_violence", "stalking"], "similar_activity": ""}
        ),
        "agency": {"agency": str(agency_id) if agency_id else "unknown"},
        "story": {
            "narrative": "Mi expareja me golpeó y me siguió durante meses.",
            "injuries": "",
            "in_english": "no",
            "language": "Spanish",
        },
        "helpfulness": {
            "helped_ways": ["reported", "statements"],
            "helpfulness_details": "",
            "unmet": "no",
            "unmet_request": "",
            **({"cooperation": "complied"} if t else {}),
        },
        "family": {
            "harmed": "yes",
            "harmed_1_family_name": "Peña",
            "harmed_1_given_name": "Luis",
            "harmed_1_relationship": "child",
            **date_parts("harmed_1_date_of_birth", 3, 5, 2015),
            "implicated": "no",
        },
        "expedite": {"removal_proceedings": "on"},
        "documents": {},
        "check": {"declaration": "on", "consent": "on"},
    }


def walk(client, steps, data, *, until=None):
    """Post each step in order and check that each one moves on."""
    for step in steps:
        if step == until:
            return
        response = post_step(client, step, data[step])
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    return response


# The wizard's steps, in order, for a U request and for a T request (no family step).
U_STEPS = [
    "start",
    "victim",
    "contact",
    "crime",
    "activities",
    "agency",
    "story",
    "helpfulness",
    "family",
    "expedite",
    "documents",
    "check",
]
T_STEPS = [s for s in U_STEPS if s != "family"]
