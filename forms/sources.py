"""Where every answer of every Supplement B edition comes from: one documented source each.

Each answer key of an edition's field map has exactly one origin:

- ``WIZARD``: the requester's answer, named by the wizard's posted field ("step-field");
- ``OFFICIAL``: the certifying official's answer in the workspace (Parts 2 to 6);
- ``AGENCY``: the agency's own record (model and field named);
- ``RULE``: written by rule ("N/A", "None"), left blank by rule, or signed in ink.

A test holds this table against each edition's field map (every answer key is here, nothing
else is) and against the wizard (every question it asks either feeds an item listed here or is
named in ``NOT_ON_THE_FORM`` with the reason), then fills a request and reads every WIZARD
answer back out of the PDF. certify.records.answers is the code that follows the table.

Part 7 header lines (``Role.MIRROR``) repeat Part 1 and Part 2; its page/part/item blocks
(``Role.ADDITIONAL_INFO``) carry what does not fit, with its reference. The filler writes both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from forms.editions import i914b_2025_01_20, i918b_2025_01_20
from forms.editions.base import Edition


class Origin(StrEnum):
    WIZARD = "wizard"
    OFFICIAL = "official"
    AGENCY = "agency"
    RULE = "rule"


@dataclass(frozen=True, slots=True)
class Source:
    origin: Origin
    # WIZARD: the wizard's posted names ("victim-family_name"); AGENCY: "Model.field".
    fields: tuple[str, ...] = ()
    # How the answer is written, in words (the rule, or what happens when it is empty).
    how: str = ""


def wizard(*fields: str, how: str = "") -> Source:
    return Source(Origin.WIZARD, fields, how)


def official(how: str = "") -> Source:
    return Source(Origin.OFFICIAL, (), how)


def agency(*fields: str, how: str = "") -> Source:
    return Source(Origin.AGENCY, fields, how)


def rule(how: str) -> Source:
    return Source(Origin.RULE, (), how)


NAME_PARTS = ("family_name", "given_name", "middle_name")
ENGLISH_ONLY = "copied only when the requester says the account is in English (story-in_english)"


def _victim_name(part: str) -> Source:
    how = "the Latin spelling on the victim's documents when the name is in another script"
    if part == "middle_name":
        how += "; N/A when there is none"
    return wizard(f"victim-{part}", f"victim-latin_{part}", how=how)


def _other_name(part: str) -> Source:
    return wizard(
        *(f"victim-other_{n}_{part}" for n in (1, 2, 3)),
        how="the first other name in Item 3, the others in Part 7 with Page 1, Part 1, Item 3",
    )


_PLACE = ("crime-city", "crime-county", "crime-state")
_DESCRIPTION = wizard(
    *_PLACE,
    "story-narrative",
    "activities-similar_activity",
    how="where it happened, then the requester's account and any similar activity; "
    + ENGLISH_ONLY
    + ", otherwise the official writes it",
)
_ADDRESS = {
    "agency.address.street": agency("Agency.street"),
    "agency.address.unit_number": agency("Agency.suite"),
    "agency.address.city": agency("Agency.city"),
    "agency.address.state": agency("Agency.state"),
    "agency.address.zip_code": agency("Agency.zip_code"),
}
_AGENCY_KIND = {
    "agency.type": agency(
        "Agency.level",
        how="a level the edition has no box for (Tribal on Form I-918 Supplement B 01/20/25) "
        "is left for the official",
    ),
    "agency.category": agency("Agency.category"),
    "agency.category_other": agency("Agency.category_other"),
    "case.status": official(),
    "case.number": wizard("crime-case_number", how="the official confirms or corrects it"),
    "case.fbi_or_sid_number": official(),
}
_OFFICIAL_NAME = {
    "official.family_name": agency(
        "CertifyingOfficial.user.last_name", how="the official assigned to the request"
    ),
    "official.given_name": agency("CertifyingOfficial.user.first_name"),
    "official.middle_name": rule("N/A: accounts hold no middle name; the official may change it"),
}


def _member(n: int, part: str) -> Source:
    rows = (n,) if n < 3 else (3, 4, 5)
    return wizard(
        *(f"family-implicated_{row}_{part}" for row in rows),
        how="only the family members the requester says took part, and only once the "
        "official answers Item 1 Yes; after the third, Part 7 with Page 4, Part 5, Items 2-4",
    )


I918B: dict[str, Source] = {
    "victim.a_number": wizard(
        "victim-a_number", how="digits only (the form prints A-); N/A when there is none"
    ),
    **{f"victim.{part}": _victim_name(part) for part in NAME_PARTS},
    **{f"victim.other.{part}": _other_name(part) for part in NAME_PARTS},
    "victim.date_of_birth": wizard("victim-date_of_birth"),
    "victim.gender": wizard("victim-gender"),
    "agency.name": agency("Agency.name"),
    **_OFFICIAL_NAME,
    "official.title_and_division": agency(
        "CertifyingOfficial.title", "CertifyingOfficial.division"
    ),
    **{f"agency.head.{part}": official("item 4's meaning is not confirmed") for part in NAME_PARTS},
    **_ADDRESS,
    "agency.address.unit_type": agency("Agency.suite", how="Ste. when the agency has a suite"),
    "agency.address.province": rule("blank: only for an address outside the United States"),
    "agency.address.postal_code": rule("blank: only for an address outside the United States"),
    "agency.address.country": rule("blank: only for an address outside the United States"),
    **_AGENCY_KIND,
    "case.status_other": official(),
    **{
        f"part3.activity.{key}": wizard(
            "activities-activities", how="the official ticks what the agency's records support"
        )
        for key, _label in i918b_2025_01_20.CRIMES
    },
    **{f"part3.activity_date_{n}": wizard(f"crime-date_{n}") for n in (1, 2, 3, 4)},
    "part3.statutory_citations": official(),
    "part3.question_4": official("wording not confirmed"),
    "part3.question_4_explanation": official(),
    "part3.question_5": official("wording not confirmed"),
    "part3.question_5_explanation": official(),
    "part3.description": _DESCRIPTION,
    "part3.injuries": wizard("story-injuries", how=ENGLISH_ONLY),
    "part4.has_information": official(),
    "part4.helpful": official(),
    "part4.refused_to_help": official(),
    "part4.refused_explanation": wizard(
        "helpfulness-unmet_request", how="once the official answers Item 3 Yes; " + ENGLISH_ONLY
    ),
    "part4.helpfulness_description": wizard(
        "helpfulness-helped_ways",
        "helpfulness-helpfulness_details",
        how="the ways in English words, then the details (" + ENGLISH_ONLY + ")",
    ),
    "part5.family_implicated": official(
        "harmed relatives (8 CFR 214.14(a)(10), (a)(14)) never go in Part 5"
    ),
    **{
        f"part5.member_{n}.{part}": _member(n, part)
        for n in (1, 2, 3)
        for part in (*NAME_PARTS, "relationship", "involvement")
    },
    "part6.signature": rule("never filled: the official signs in ink"),
    "part6.signature_date": official("written beside the ink signature, or recorded on signing"),
    "part6.daytime_phone": agency("Agency.phone"),
    "part6.fax": agency("Agency.fax", how="N/A when the agency has none"),
}

I914B: dict[str, Source] = {
    **{f"victim.{part}": _victim_name(part) for part in NAME_PARTS},
    "victim.other_names": wizard(
        *(f"victim-other_{n}_{part}" for n in (1, 2, 3) for part in NAME_PARTS),
        how="every other name on one line; None when there is none",
    ),
    "victim.date_of_birth": wizard("victim-date_of_birth"),
    "victim.gender": wizard("victim-gender"),
    "victim.a_number": wizard(
        "victim-a_number", how="digits only (the form prints A-); N/A when there is none"
    ),
    "victim.ssn": rule("blank (optional item): certify asks for no Social Security number"),
    "agency.name": agency("Agency.name"),
    **_OFFICIAL_NAME,
    "official.title": agency("CertifyingOfficial.title"),
    "official.division": agency("CertifyingOfficial.division", how="N/A when there is none"),
    **_ADDRESS,
    "part2.daytime_phone": agency("Agency.phone"),
    "part2.fax": agency("Agency.fax", how="N/A when the agency has none"),
    **_AGENCY_KIND,
    **{
        f"part3.claim.{kind}": wizard(
            "activities-trafficking_types", how="severe forms of trafficking, 22 U.S.C. 7102"
        )
        for kind in ("sex_trafficking_force_fraud_coercion", "sex_trafficking_minor")
    },
    "part3.claim.labor_trafficking": wizard("activities-trafficking_types"),
    "part3.claim_other": wizard("activities-similar_activity", how=ENGLISH_ONLY),
    "part3.date_from": wizard(*(f"crime-date_{n}" for n in (1, 2, 3, 4)), how="the earliest"),
    "part3.date_to": wizard(*(f"crime-date_{n}" for n in (2, 3, 4)), how="the latest"),
    "part3.description": wizard(
        *_DESCRIPTION.fields,
        "story-injuries",
        how=_DESCRIPTION.how + "; the injuries last (this edition has no item for them)",
    ),
    "part4.complied": official(),
    "part4.explanation": wizard(
        "helpfulness-cooperation",
        "helpfulness-helped_ways",
        "helpfulness-cooperation_details",
        "helpfulness-helpfulness_details",
        "helpfulness-unmet_request",
        how="the cooperation answer and the ways in English words, then the requester's "
        "words (" + ENGLISH_ONLY + ")",
    ),
    "part5.continued_presence": official(),
    "part5.explanation": official(),
    "part6.signature": rule("never filled: the official signs in ink"),
    "part6.signature_date": official("written beside the ink signature, or recorded on signing"),
    "part6.supervisor_name": official(),
    "part6.supervisor_signature": rule("never filled: the supervising official signs in ink"),
    "part6.supervisor_signature_date": official(),
}

SOURCES: dict[str, dict[str, Source]] = {
    i918b_2025_01_20.EDITION.slug: I918B,
    i914b_2025_01_20.EDITION.slug: I914B,
}

# What the wizard asks that no item of the form takes, and why. Keys are the posted names;
# a name ending in "_*" stands for every row of a repeated group.
NOT_ON_THE_FORM: dict[str, str] = {
    "start-filed_by": "who fills in the request",
    "start-form": "which supplement",
    "which-form": "which supplement",
    "victim-preferred_language": "the language of letters and messages",
    "contact-safe_channels": "how the agency may reach the victim: the request page, the packet",
    "contact-safe_mailing_address": "the agency's safe contact, and where the form goes back",
    "contact-safe_phone": "the agency's safe contact",
    "contact-safe_email": "the agency's safe contact",
    "agency-agency": "routes the request; Part 2 comes from the agency's own record",
    "story-in_english": "decides whether the account is copied onto the English form",
    "story-language": "tells the advocate and the official which translation is needed",
    "helpfulness-unmet": "the yes/no in front of helpfulness-unmet_request",
    "family-harmed": "indirect victims and qualifying family members (8 CFR 214.14(a)(10), "
    "(a)(14)): for the agency's record and the application, never Part 5",
    "family-harmed_*": "as family-harmed",
    "family-implicated": "the requester's claim; Part 5 Item 1 is the official's answer",
    "expedite-*": "the state's deadline and expedite",
    "documents-in_english": "tells the advocate and the official a translation is needed",
    "documents-*": "evidence for the agency",
    "check-*": "the declaration and the consent to share",
}


def sources_for(edition: Edition) -> dict[str, Source]:
    return SOURCES[edition.slug]


def not_on_the_form(posted_name: str) -> str | None:
    """Why a wizard field feeds no item, or None if it should feed one."""
    if posted_name in NOT_ON_THE_FORM:
        return NOT_ON_THE_FORM[posted_name]
    for pattern, reason in NOT_ON_THE_FORM.items():
        if pattern.endswith("*") and posted_name.startswith(pattern[:-1]):
            return reason
    return None
