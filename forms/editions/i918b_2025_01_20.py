"""Form I-918, Supplement B (U Nonimmigrant Status Certification), edition 01/20/25.

All 133 field names come from [S6]: third-party code that read the USCIS PDF printed "01/20/25"
(SHA-256 a6e189a5...0460 there; 5 pages; 74 text, 58 checkbox, 1 drop-down). The names were not
read from the official PDF here. What each name means is our reading of the name plus the 7-part
layout in USCIS's 2024 table of changes [S2] and older instructions [S3][S8]; rows whose meaning
could not be confirmed say so (``confirmed=False``): the order of the 31 Part 3 crime boxes, the
three Part 2 checkbox groups, every yes/no box order, the Part 2 item 4 name block and the wording
of Part 3 items 4 and 5. ``install_form_edition`` reads the real file's tooltips to settle them.

max_chars values are our estimates of what fits each box at 10 pt; the stand-in template is drawn
from them, an installed official file may be tighter (the filler also measures the real box).
Source tags refer to /work/shared/reference/domain.md §9.
"""

from __future__ import annotations

from forms.editions.base import (
    AdditionalInfoBlock,
    Edition,
    FieldSpec,
    Kind,
    Role,
)

S6 = "[S6] field list of the 01/20/25 PDF (third-party code); meaning read from the name"
S6_S2 = "[S6] field name; item from USCIS 2024 table of changes [S2]"
S6_S8 = "[S6] field name; labels and order guessed from the pre-2017 Supplement B blocks [S8]"
S6_CRIMES = (
    "[S6] field name; crime per index guessed from a third-party alphabetical list "
    "(src/u_visa.py); statute INA 101(a)(15)(U)(iii) [S17]"
)
UNCONFIRMED_ORDER = "[S6] field name; which box means which answer is not confirmed"

SF0 = "form1[0].#subform[0]."
SF1 = "form1[0].#subform[1]."
SF2 = "form1[0].#subform[2]."
PG4 = "form1[0].pg4[0]."
SF4 = "form1[0].#subform[4]."

NAME = 30
US_STATES = (
    "AL",
    "AK",
    "AS",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FM",
    "FL",
    "GA",
    "GU",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MH",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "MP",
    "OH",
    "OK",
    "OR",
    "PW",
    "PA",
    "PR",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VI",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "AA",
    "AE",
    "AP",
)


def _text(
    key: str,
    name: str,
    *,
    page: int,
    part: int,
    item: str,
    label: str,
    max_chars: int = NAME,
    lines: int = 1,
    required: bool = False,
    none_text: str | None = None,
    confirmed: bool = True,
    source: str = S6,
    kind: Kind = Kind.TEXT,
    role: Role = Role.ANSWER,
    mirror_of: str | None = None,
    printed_prefix: str | None = None,
) -> FieldSpec:
    return FieldSpec(
        key=key,
        pdf_name=name,
        kind=kind,
        page=page,
        part=part,
        item=item,
        label=label,
        confirmed=confirmed,
        source=source,
        required=required,
        none_text=none_text,
        max_chars=max_chars,
        lines=lines,
        role=role,
        mirror_of=mirror_of,
        printed_prefix=printed_prefix,
    )


def _box(
    key: str,
    name: str,
    *,
    page: int,
    part: int,
    item: str,
    label: str,
    choice: str | None,
    required: bool = False,
    confirmed: bool = False,
    source: str = UNCONFIRMED_ORDER,
) -> FieldSpec:
    return FieldSpec(
        key=key,
        pdf_name=name,
        kind=Kind.CHECKBOX,
        page=page,
        part=part,
        item=item,
        label=label,
        confirmed=confirmed,
        source=source,
        required=required,
        choice=choice,
    )


def _yes_no(key: str, base: str, *, page: int, part: int, item: str) -> tuple[FieldSpec, ...]:
    # [0] = Yes, [1] = No is the usual USCIS order but was not checked for this form.
    return tuple(
        _box(
            key,
            f"{base}[{i}]",
            page=page,
            part=part,
            item=item,
            label=label,
            choice=value,
            required=True,
        )
        for i, (value, label) in enumerate((("yes", "Yes"), ("no", "No")))
    )


def _name_block(
    prefix: str,
    base: str,
    *,
    page: int,
    part: int,
    item: str,
    required: bool,
    confirmed: bool = True,
    source: str = S6_S2,
    index: int = 0,
    letters: str = "abc",
) -> tuple[FieldSpec, ...]:
    parts = (
        ("family_name", "FamilyName", "Family Name (Last Name)"),
        ("given_name", "GivenName", "Given Name (First Name)"),
        ("middle_name", "MiddleName", "Middle Name"),
    )
    return tuple(
        _text(
            f"{prefix}.{key}",
            f"{base}_{pdf}[{index}]",
            page=page,
            part=part,
            item=f"{item}.{letter}",
            label=label,
            required=required,
            none_text="N/A" if key == "middle_name" else None,
            confirmed=confirmed,
            source=source,
        )
        for (key, pdf, label), letter in zip(parts, letters, strict=True)
    )


# Index -> crime, alphabetical as in the third-party list; NOT confirmed (see module docstring).
CRIMES: tuple[tuple[str, str], ...] = (
    ("abduction", "Abduction"),
    ("abusive_sexual_contact", "Abusive Sexual Contact"),
    ("attempt", "Attempt to commit any of the named crimes"),
    ("being_held_hostage", "Being Held Hostage"),
    ("blackmail", "Blackmail"),
    ("conspiracy", "Conspiracy to commit any of the named crimes"),
    ("domestic_violence", "Domestic Violence"),
    ("extortion", "Extortion"),
    ("false_imprisonment", "False Imprisonment"),
    ("felonious_assault", "Felonious Assault"),
    ("female_genital_mutilation", "Female Genital Mutilation"),
    ("fraud_in_foreign_labor_contracting", "Fraud in Foreign Labor Contracting"),
    ("incest", "Incest"),
    ("involuntary_servitude", "Involuntary Servitude"),
    ("kidnapping", "Kidnapping"),
    ("manslaughter", "Manslaughter"),
    ("murder", "Murder"),
    ("obstruction_of_justice", "Obstruction of Justice"),
    ("peonage", "Peonage"),
    ("perjury", "Perjury"),
    ("prostitution", "Prostitution"),
    ("rape", "Rape"),
    ("sexual_assault", "Sexual Assault"),
    ("sexual_exploitation", "Sexual Exploitation"),
    ("slave_trade", "Slave Trade"),
    ("solicitation", "Solicitation to commit any of the named crimes"),
    ("stalking", "Stalking"),
    ("torture", "Torture"),
    ("trafficking", "Trafficking"),
    ("unlawful_criminal_restraint", "Unlawful Criminal Restraint"),
    ("witness_tampering", "Witness Tampering"),
)

_PART1 = (
    _text(
        "victim.a_number",
        SF0 + "Part1_Line1_AlienNumber[0]",
        page=1,
        part=1,
        item="1",
        label="Alien Registration Number (A-Number)",
        max_chars=12,
        required=True,
        none_text="N/A",
        source=S6_S2 + "; the form prints A- before the box",
        printed_prefix="A-",
    ),
    *_name_block("victim", SF0 + "Pt1Line2a", page=1, part=1, item="2", required=True),
    *_name_block("victim.other", SF0 + "Pt1Line3a", page=1, part=1, item="3", required=False),
    _text(
        "victim.date_of_birth",
        SF0 + "P1_Line4_DateOfBirth[0]",
        page=1,
        part=1,
        item="4",
        label="Date of Birth (mm/dd/yyyy)",
        max_chars=10,
        required=True,
        kind=Kind.DATE,
        source=S6_S2,
    ),
    _box(
        "victim.gender",
        SF0 + "Part1_5_checkboxes[0]",
        page=1,
        part=1,
        item="5",
        label="Male",
        choice="male",
        required=True,
    ),
    _box(
        "victim.gender",
        SF0 + "Part1_5_checkboxes[1]",
        page=1,
        part=1,
        item="5",
        label="Female",
        choice="female",
        required=True,
    ),
)

_PART2 = (
    _text(
        "agency.name",
        SF0 + "Pt2Line1_CertifyingAgency[0]",
        page=1,
        part=2,
        item="1",
        label="Name of Certifying Agency",
        max_chars=60,
        required=True,
        source=S6_S2,
    ),
    *_name_block("official", SF0 + "Pt2Line2c", page=1, part=2, item="2", required=True, source=S6),
    _text(
        "official.title_and_division",
        SF0 + "Pt2Line3_TitleandDivisionOffice[0]",
        page=1,
        part=2,
        item="3",
        label="Title and Division or Office",
        max_chars=70,
        required=True,
    ),
    *_name_block(
        "agency.head",
        SF0 + "Pt2Line4a",
        page=1,
        part=2,
        item="4",
        required=False,
        confirmed=False,
        source="[S6] field name; whose name item 4 asks for (head of agency or "
        "supervisor?) is not confirmed",
    ),
    _text(
        "agency.address.street",
        SF0 + "StreetNumberName[0]",
        page=1,
        part=2,
        item="5.a",
        label="Street Number and Name",
        max_chars=40,
        required=True,
    ),
    _box(
        "agency.address.unit_type",
        SF0 + "P3_Line4c_Unit[0]",
        page=1,
        part=2,
        item="5.b",
        label="Apt.",
        choice="apt",
        confirmed=False,
        source="[S6] field name (the P3_ prefix is the PDF's quirk); Apt/Ste/Flr order usual "
        "on USCIS forms, not confirmed",
    ),
    _box(
        "agency.address.unit_type",
        SF0 + "P3_Line4c_Unit[1]",
        page=1,
        part=2,
        item="5.b",
        label="Ste.",
        choice="ste",
        confirmed=False,
        source=UNCONFIRMED_ORDER,
    ),
    _box(
        "agency.address.unit_type",
        SF0 + "P3_Line4c_Unit[2]",
        page=1,
        part=2,
        item="5.b",
        label="Flr.",
        choice="flr",
        confirmed=False,
        source=UNCONFIRMED_ORDER,
    ),
    _text(
        "agency.address.unit_number",
        SF0 + "AptSteFlrNumber[0]",
        page=1,
        part=2,
        item="5.b",
        label="Apt./Ste./Flr. Number",
        max_chars=8,
    ),
    _text(
        "agency.address.city",
        SF0 + "CityTown[0]",
        page=1,
        part=2,
        item="5.c",
        label="City or Town",
        max_chars=30,
        required=True,
    ),
    FieldSpec(
        key="agency.address.state",
        pdf_name=SF0 + "Pt2Line5_State[0]",
        kind=Kind.CHOICE,
        page=1,
        part=2,
        item="5.d",
        label="State",
        confirmed=True,
        source=S6 + "; options are the USPS codes USCIS forms list",
        required=True,
        options=US_STATES,
    ),
    _text(
        "agency.address.zip_code",
        SF0 + "Pt2Line5_ZipCode[0]",
        page=1,
        part=2,
        item="5.e",
        label="ZIP Code",
        max_chars=10,
        required=True,
    ),
    _text(
        "agency.address.province",
        SF0 + "Pt2Line5_Province[0]",
        page=1,
        part=2,
        item="5.f",
        label="Province",
        max_chars=20,
    ),
    _text(
        "agency.address.postal_code",
        SF0 + "Pt2Line5_PostalCode[0]",
        page=1,
        part=2,
        item="5.g",
        label="Postal Code",
        max_chars=10,
    ),
    _text(
        "agency.address.country",
        SF0 + "Pt2Line5_Country[0]",
        page=1,
        part=2,
        item="5.h",
        label="Country",
        max_chars=30,
    ),
    # Items 6-8: the older forms' Agency Type / Case Status / Agency Category blocks have the
    # same box counts (3; 3 + Other text; 4 + Other text) [S8]. Group and order unconfirmed.
    _box(
        "agency.type",
        SF0 + "Part2_Line6_checkboxes[0]",
        page=1,
        part=2,
        item="6",
        label="Federal",
        choice="federal",
        required=True,
        source=S6_S8,
    ),
    _box(
        "agency.type",
        SF0 + "Part2_Line6_checkboxes[1]",
        page=1,
        part=2,
        item="6",
        label="State",
        choice="state",
        required=True,
        source=S6_S8,
    ),
    _box(
        "agency.type",
        SF0 + "Part2_Line6_checkboxes[2]",
        page=1,
        part=2,
        item="6",
        label="Local",
        choice="local",
        required=True,
        source=S6_S8,
    ),
    _box(
        "case.status",
        SF0 + "Part2_Line7_checkboxes[0]",
        page=1,
        part=2,
        item="7",
        label="On-going",
        choice="ongoing",
        required=True,
        source=S6_S8,
    ),
    _box(
        "case.status",
        SF0 + "Part2_Line7_checkboxes[1]",
        page=1,
        part=2,
        item="7",
        label="Completed",
        choice="completed",
        required=True,
        source=S6_S8,
    ),
    _box(
        "case.status",
        SF0 + "Part2_Line7_checkboxes[2]",
        page=1,
        part=2,
        item="7",
        label="Other",
        choice="other",
        required=True,
        source=S6_S8,
    ),
    _text(
        "case.status_other",
        SF0 + "Part2_Line7_Other[0]",
        page=1,
        part=2,
        item="7",
        label="Other (explain)",
        max_chars=60,
        confirmed=False,
        source=S6_S8,
    ),
    _box(
        "agency.category",
        SF0 + "Part2_Line8_checkboxes[0]",
        page=1,
        part=2,
        item="8",
        label="Judge",
        choice="judge",
        required=True,
        source=S6_S8,
    ),
    _box(
        "agency.category",
        SF0 + "Part2_Line8_checkboxes[1]",
        page=1,
        part=2,
        item="8",
        label="Law Enforcement",
        choice="law_enforcement",
        required=True,
        source=S6_S8,
    ),
    _box(
        "agency.category",
        SF0 + "Part2_Line8_checkboxes[2]",
        page=1,
        part=2,
        item="8",
        label="Prosecutor",
        choice="prosecutor",
        required=True,
        source=S6_S8,
    ),
    _box(
        "agency.category",
        SF0 + "Part2_Line8_checkboxes[3]",
        page=1,
        part=2,
        item="8",
        label="Other",
        choice="other",
        required=True,
        source=S6_S8,
    ),
    _text(
        "agency.category_other",
        SF0 + "Part2_Line8_Other[0]",
        page=1,
        part=2,
        item="8",
        label="Other (explain)",
        max_chars=60,
        confirmed=False,
        source=S6_S8,
    ),
    _text(
        "case.number",
        SF0 + "Part2_Line9_CaseNumber[0]",
        page=1,
        part=2,
        item="9",
        label="Case Number",
        max_chars=30,
        required=True,
        none_text="N/A",
    ),
    _text(
        "case.fbi_or_sid_number",
        SF0 + "Part2_Line10_FBIorSIDNumber[0]",
        page=1,
        part=2,
        item="10",
        label="FBI Number or State Identification (SID) Number",
        max_chars=30,
        required=True,
        none_text="N/A",
    ),
)

_PART3 = (
    *(
        _box(
            f"part3.activity.{key}",
            f"{SF1}Part3_Line1_checkboxes[{index}]",
            page=2,
            part=3,
            item="1",
            label=label,
            choice=None,
            required=True,
            source=S6_CRIMES,
        )
        for index, (key, label) in enumerate(CRIMES)
    ),
    *(
        _text(
            f"part3.activity_date_{n}",
            f"{SF1}Part3_Line2{letter}_Date[0]",
            page=2,
            part=3,
            item=f"2.{letter}",
            label="Date of activity (mm/dd/yyyy)",
            max_chars=10,
            required=letter == "a",
            kind=Kind.DATE,
        )
        for n, letter in enumerate("abcd", start=1)
    ),
    _text(
        "part3.statutory_citations",
        SF1 + "Part3_Line3_Citations[0]",
        page=2,
        part=3,
        item="3",
        label="Statutory citation(s) for the criminal activity investigated or prosecuted",
        max_chars=270,
        lines=3,
        required=True,
    ),
    *_yes_no("part3.question_4", SF1 + "Part3_Line4a_chbxyesno", page=2, part=3, item="4.a"),
    _text(
        "part3.question_4_explanation",
        SF1 + "Part3_Line4b_Explanation[0]",
        page=2,
        part=3,
        item="4.b",
        label="Explanation",
        max_chars=270,
        lines=3,
        confirmed=False,
        source="[S6] field name; wording of item 4 (jurisdiction/where it occurred on older "
        "editions) not confirmed",
    ),
    *_yes_no("part3.question_5", SF1 + "Part3_Line5a_chbxyesno", page=2, part=3, item="5.a"),
    _text(
        "part3.question_5_explanation",
        SF1 + "Part3_Line5b_Explanation[0]",
        page=2,
        part=3,
        item="5.b",
        label="Explanation",
        max_chars=270,
        lines=3,
        confirmed=False,
        source="[S6] field name; wording of item 5 not confirmed",
    ),
    _text(
        "part3.description",
        SF1 + "Part3_Line6_Explanation[0]",
        page=2,
        part=3,
        item="6",
        label="Description of the criminal activity and the victim's involvement",
        max_chars=540,
        lines=6,
        required=True,
    ),
    _text(
        "part3.injuries",
        SF1 + "Part3_Line7_Explanation[0]",
        page=2,
        part=3,
        item="7",
        label="Known or documented injuries to the victim",
        max_chars=450,
        lines=5,
        required=True,
        none_text="None",
    ),
)

_PART4 = (
    *_yes_no("part4.has_information", SF2 + "Part4_Line1_chbxyesno", page=3, part=4, item="1"),
    *_yes_no("part4.helpful", SF2 + "Part4_Line2_chbxyesno", page=3, part=4, item="2"),
    *_yes_no("part4.refused_to_help", SF2 + "Part4_Line3_chbxyesno", page=3, part=4, item="3"),
    _text(
        "part4.refused_explanation",
        SF2 + "Part4_Line3_Other[0]",
        page=3,
        part=4,
        item="3",
        label="If Yes, explain",
        max_chars=450,
        lines=5,
    ),
    _text(
        "part4.helpfulness_description",
        SF2 + "Part4_Line5_Other[0]",
        page=3,
        part=4,
        item="5",
        label="Description of the victim's helpfulness",
        max_chars=900,
        lines=10,
        required=True,
        source=S6 + " (the form has no item 4 field)",
    ),
)


def _family_member(n: int) -> tuple[FieldSpec, ...]:
    line = n + 1
    base = f"{PG4}Part5_Line{line}"
    return (
        *_name_block(
            f"part5.member_{n}", base, page=4, part=5, item=str(line), required=False, source=S6
        ),
        _text(
            f"part5.member_{n}.relationship",
            f"{base}_Relationship[0]",
            page=4,
            part=5,
            item=f"{line}.d",
            label="Relationship",
            max_chars=25,
        ),
        _text(
            f"part5.member_{n}.involvement",
            f"{base}_Involvement[0]",
            page=4,
            part=5,
            item=f"{line}.e",
            label="Involvement in the criminal activity",
            max_chars=95,
        ),
    )


_PART5 = (
    *_yes_no("part5.family_implicated", PG4 + "Part5_Line1_chbxyesno", page=4, part=5, item="1"),
    *_family_member(1),
    *_family_member(2),
    *_family_member(3),
)

_PART6 = (
    # The PDF reuses another form's name for the signature box [S6]; ink only [S10].
    _text(
        "part6.signature",
        PG4 + "Pt1Line13_ApplicantSignature[0]",
        page=4,
        part=6,
        item="1",
        label="Signature of Certifying Official",
        kind=Kind.SIGNATURE,
        max_chars=None,
    ),
    _text(
        "part6.signature_date",
        PG4 + "Part6_Line2_Date[0]",
        page=4,
        part=6,
        item="2",
        label="Date of Signature (mm/dd/yyyy)",
        max_chars=10,
        required=True,
        kind=Kind.DATE,
        source=S6 + "; the six-month validity runs from this date [S9]",
    ),
    _text(
        "part6.daytime_phone",
        PG4 + "Part6_Line3_DaytimePhoneNumber[0]",
        page=4,
        part=6,
        item="3",
        label="Daytime Telephone Number",
        max_chars=20,
        required=True,
    ),
    _text(
        "part6.fax",
        PG4 + "P5_Line4_faxNumber[0]",
        page=4,
        part=6,
        item="4",
        label="Fax Number",
        max_chars=20,
        required=True,
        none_text="N/A",
        source=S6 + " (P5_ prefix is the PDF's quirk)",
    ),
)


def _mirror(key: str, name: str, item: str, label: str, max_chars: int = NAME) -> FieldSpec:
    return _text(
        f"part7.{key}",
        name,
        page=5,
        part=7,
        item=item,
        label=label,
        max_chars=max_chars,
        role=Role.MIRROR,
        mirror_of=key,
        printed_prefix="A-" if key == "victim.a_number" else None,
    )


def _block(item: int, page: str, part: str, number: str, text: str) -> tuple[FieldSpec, ...]:
    common = {"page": 5, "part": 7, "role": Role.ADDITIONAL_INFO}
    key = f"part7.block_{item}"
    return (
        _text(
            f"{key}.page", SF4 + page, item=f"{item}.a", label="Page Number", max_chars=3, **common
        ),
        _text(
            f"{key}.part", SF4 + part, item=f"{item}.b", label="Part Number", max_chars=3, **common
        ),
        _text(
            f"{key}.item",
            SF4 + number,
            item=f"{item}.c",
            label="Item Number",
            max_chars=6,
            **common,
        ),
        _text(
            f"{key}.text",
            SF4 + text,
            item=f"{item}.d",
            label="Additional information",
            max_chars=1100,
            lines=12,
            **common,
        ),
    )


_PART7 = (
    _mirror("victim.family_name", SF4 + "Pt1Line2a_FamilyName[1]", "1.a", "Family Name"),
    _mirror("victim.given_name", SF4 + "Pt1Line2a_GivenName[1]", "1.b", "Given Name"),
    _mirror("victim.middle_name", SF4 + "Pt1Line2a_MiddleName[1]", "1.c", "Middle Name"),
    _mirror("victim.a_number", SF4 + "Part1_Line1_AlienNumber[1]", "2", "A-Number", 12),
    _mirror("agency.name", SF4 + "Pt2Line1_CertifyingAgency[1]", "3", "Certifying Agency", 60),
    *_block(
        4,
        "P8_Line4a_PageNumber[0]",
        "P8_Line4b_PartNumber[0]",
        "P8_Line4c_ItemNumber[0]",
        "Part7_Line4d_AdditionalInfo[0]",
    ),
    *_block(
        5,
        "Part7_Line5a_PageNumber[0]",
        "Part7_Line5a_PartNumber[0]",
        "Part7_Line5a_ItemNumber[0]",
        "Part7_Line5d_AdditionalInfo[0]",
    ),
    *_block(
        6,
        "P8_Line6a_PageNumber[0]",
        "P8_Line6b_PartNumber[0]",
        "P8_Line6c_ItemNumber[0]",
        "Part7_Line6d_AdditionalInfo[0]",
    ),
)

EDITION = Edition(
    form="I-918B",
    edition="01/20/25",
    title="Form I-918, Supplement B, U Nonimmigrant Status Certification",
    page_count=5,
    parts={
        1: "Victim Information",
        2: "Agency Information",
        3: "Criminal Acts",
        4: "Helpfulness of the Victim",
        5: "Family Members Implicated in the Criminal Activity",
        6: "Certification",
        7: "Additional Information",
    },
    item_titles={
        (1, "1"): "Alien Registration Number (A-Number) (if any)",
        (1, "2"): "Full name of the victim",
        (1, "3"): "Other names used (maiden names, nicknames, aliases)",
        (1, "4"): "Date of birth",
        (1, "5"): "Gender",
        (2, "1"): "Name of certifying agency",
        (2, "2"): "Name of certifying official",
        (2, "3"): "Title and division or office of certifying official",
        (2, "4"): "Name of head of agency or supervisor (unconfirmed)",
        (2, "5"): "Agency address",
        (2, "6"): "Agency type (unconfirmed)",
        (2, "7"): "Status of the case (unconfirmed)",
        (2, "8"): "Certifying agency category (unconfirmed)",
        (2, "9"): "Case number",
        (2, "10"): "FBI number or SID number",
        (3, "1"): "The victim suffered or was a victim of (involving, or similar to):",
        (3, "2"): "Date(s) of the criminal activity",
        (3, "3"): "Statutory citation(s)",
        (3, "4"): "Item 4 (wording unconfirmed: jurisdiction)",
        (3, "5"): "Item 5 (wording unconfirmed: where the activity occurred)",
        (3, "6"): "Description of the criminal activity",
        (3, "7"): "Known or documented injuries",
        (4, "1"): "The victim possesses information about the criminal activity",
        (4, "2"): "The victim has been, is being, or is likely to be helpful",
        (4, "3"): "The victim has refused or failed to provide reasonably requested assistance",
        (4, "5"): "Description of the victim's helpfulness",
        (5, "1"): "Were family members involved in the criminal activity?",
        (5, "2"): "Family member 1",
        (5, "3"): "Family member 2",
        (5, "4"): "Family member 3",
        (6, "1"): "Signature of certifying official (ink)",
        (6, "2"): "Date of signature",
        (6, "3"): "Daytime telephone number",
        (6, "4"): "Fax number",
        (7, "1"): "Full name of the victim",
        (7, "2"): "A-Number",
        (7, "3"): "Certifying agency",
        (7, "4"): "Additional information",
        (7, "5"): "Additional information",
        (7, "6"): "Additional information",
    },
    fields=(*_PART1, *_PART2, *_PART3, *_PART4, *_PART5, *_PART6, *_PART7),
    additional_info_part=7,
    additional_info_blocks=tuple(
        AdditionalInfoBlock(
            page_key=f"part7.block_{n}.page",
            part_key=f"part7.block_{n}.part",
            item_key=f"part7.block_{n}.item",
            text_key=f"part7.block_{n}.text",
        )
        for n in (4, 5, 6)
    ),
    requester_parts=frozenset({1, 2}),
    # The third-party migration cites a6e189a5...0460 for the file it read [S6]; we have not
    # checked a file ourselves, so nothing is recorded until install_form_edition does.
    official_sha256=None,
    sources={
        "S2": "USCIS table of changes, Form I-918 (2024)",
        "S3": "Form I-918 instructions (older 7-part editions)",
        "S6": "third-party SQL migration listing the 133 fields of the 01/20/25 PDF",
        "S8": "pre-2017 Form I-914 Supplement B",
        "S9": "8 CFR 214.14",
        "S10": "Form I-918 Supplement B instructions (signature)",
        "S11": "USCIS, 30 June 2020: blank required fields lead to rejection",
        "S17": "INA 101(a)(15)(U)(iii)",
    },
    agency_use_area=None,
)
