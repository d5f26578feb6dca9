"""Form I-914, Supplement B (Declaration for Trafficking Victim), edition 01/20/25.

No complete field list of this edition was found [domain.md §3]. Four leaf names come from a
third-party test that fills the 01/20/25 PDF with pypdf [S24]; their ``form1[0].#subform[n]``
prefixes are ours. Every other name here is invented in the same XFA-derived style so the stand-in
and the pipeline work end to end; all rows are ``confirmed=False`` until ``install_form_edition``
checks a real file, which will list every invented name as missing.

Layout: parts from the 2024 instructions [S13] and third-party code [S24] (1 victim, 2 agency,
3 statement of claim, 4-5 completed by the official, 6 signatures of the official and the
supervising official); Part 2 blocks and the Part 3 boxes from the pre-2017 form [S8]; Part 7
Additional Information mirrors Form I-918 Supplement B. Source tags: domain.md §9.
"""

from __future__ import annotations

from forms.editions.base import AdditionalInfoBlock, Edition, FieldSpec, Kind, Role
from forms.editions.i918b_2025_01_20 import US_STATES

KNOWN = "[S24] leaf name from a third-party pypdf test of the 01/20/25 PDF; prefix ours"
INVENTED = "invented name (no field list found); item from [S13][S24]"
INVENTED_S8 = "invented name; block and labels from the pre-2017 form [S8]"

SF0 = "form1[0].#subform[0]."
SF1 = "form1[0].#subform[1]."
SF2 = "form1[0].#subform[2]."
SF3 = "form1[0].#subform[3]."


def _text(
    key: str,
    name: str,
    page: int,
    part: int,
    item: str,
    label: str,
    max_chars: int | None = 30,
    *,
    lines: int = 1,
    required: bool = False,
    none_text: str | None = None,
    kind: Kind = Kind.TEXT,
    source: str = INVENTED,
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
        confirmed=False,
        source=source,
        required=required,
        none_text=none_text,
        max_chars=max_chars,
        lines=lines,
        role=role,
        mirror_of=mirror_of,
        printed_prefix=printed_prefix,
    )


def _boxes(
    key: str,
    base: str,
    page: int,
    part: int,
    item: str,
    choices: tuple[tuple[str | None, str], ...],
    *,
    required: bool = True,
    source: str = INVENTED_S8,
    keys: tuple[str, ...] | None = None,
) -> tuple[FieldSpec, ...]:
    return tuple(
        FieldSpec(
            key=keys[i] if keys else key,
            pdf_name=f"{base}[{i}]",
            kind=Kind.CHECKBOX,
            page=page,
            part=part,
            item=item,
            label=label,
            confirmed=False,
            source=source,
            required=required,
            choice=choice,
        )
        for i, (choice, label) in enumerate(choices)
    )


YES_NO: tuple[tuple[str | None, str], ...] = (("yes", "Yes"), ("no", "No"))

_PART1 = (
    _text(
        "victim.family_name",
        SF0 + "P1Line1_FamilyName[0]",
        1,
        1,
        "1.a",
        "Family Name (Last Name)",
        required=True,
        source=KNOWN,
    ),
    _text(
        "victim.given_name",
        SF0 + "P1Line1_GivenName[0]",
        1,
        1,
        "1.b",
        "Given Name (First Name)",
        required=True,
    ),
    _text(
        "victim.middle_name",
        SF0 + "P1Line1_MiddleName[0]",
        1,
        1,
        "1.c",
        "Middle Name",
        required=True,
        none_text="N/A",
    ),
    _text(
        "victim.other_names",
        SF0 + "P1Line2_OtherNames[0]",
        1,
        1,
        "2",
        "Other names used (aliases, maiden name, nicknames)",
        60,
        required=True,
        none_text="None",
    ),
    _text(
        "victim.date_of_birth",
        SF0 + "P1Line3_DateOfBirth[0]",
        1,
        1,
        "3",
        "Date of Birth (mm/dd/yyyy)",
        10,
        required=True,
        kind=Kind.DATE,
    ),
    *_boxes(
        "victim.gender", SF0 + "P1Line4_Gender", 1, 1, "4", (("male", "Male"), ("female", "Female"))
    ),
    _text(
        "victim.a_number",
        SF0 + "P1Line5_AlienNumber[0]",
        1,
        1,
        "5",
        "Alien Registration Number (A-Number) (if any)",
        12,
        required=True,
        none_text="N/A",
        source=INVENTED + "; A- printed before the box, as on every USCIS form seen",
        printed_prefix="A-",
    ),
    # A third-party test leaves an SSN field blank [S24]; its P3_ prefix is probably a naming
    # quirk like I-918B's P3_Line4c_Unit, since the pre-2017 form asked for the SSN in Part A.
    _text(
        "victim.ssn",
        SF0 + "P3_Line5_SSN[0]",
        1,
        1,
        "6",
        "U.S. Social Security Number (if known)",
        11,
        none_text="N/A",
        source=KNOWN,
    ),
)

_PART2 = (
    # A third-party test asserts that the agency's name lands in this oddly named field [S24].
    _text(
        "agency.name",
        SF0 + "GivenNameFirstName[0]",
        1,
        2,
        "1",
        "Name of Certifying Agency",
        60,
        required=True,
        source=KNOWN,
    ),
    _text(
        "official.family_name",
        SF0 + "P2Line2_FamilyName[0]",
        1,
        2,
        "2.a",
        "Family Name (Last Name)",
        required=True,
    ),
    _text(
        "official.given_name",
        SF0 + "P2Line2_GivenName[0]",
        1,
        2,
        "2.b",
        "Given Name (First Name)",
        required=True,
    ),
    _text(
        "official.middle_name",
        SF0 + "P2Line2_MiddleName[0]",
        1,
        2,
        "2.c",
        "Middle Name",
        required=True,
        none_text="N/A",
    ),
    _text("official.title", SF0 + "P2Line3_Title[0]", 1, 2, "3", "Title", 60, required=True),
    _text(
        "official.division",
        SF0 + "P2Line4_DivisionOffice[0]",
        1,
        2,
        "4",
        "Division or Office",
        60,
        required=True,
        none_text="N/A",
    ),
    _text(
        "agency.address.street",
        SF0 + "P2Line5_StreetNumberName[0]",
        1,
        2,
        "5.a",
        "Street Number and Name",
        40,
        required=True,
    ),
    _text(
        "agency.address.unit_number",
        SF0 + "P2Line5_AptSteFlrNumber[0]",
        1,
        2,
        "5.b",
        "Apt./Ste./Flr. Number",
        8,
    ),
    _text(
        "agency.address.city",
        SF0 + "P2Line5_CityTown[0]",
        1,
        2,
        "5.c",
        "City or Town",
        required=True,
    ),
    FieldSpec(
        key="agency.address.state",
        pdf_name=SF0 + "P2Line5_State[0]",
        kind=Kind.CHOICE,
        page=1,
        part=2,
        item="5.d",
        label="State",
        confirmed=False,
        source=INVENTED,
        required=True,
        options=US_STATES,
    ),
    _text(
        "agency.address.zip_code",
        SF0 + "P2Line5_ZipCode[0]",
        1,
        2,
        "5.e",
        "ZIP Code",
        10,
        required=True,
    ),
    _text(
        "part2.daytime_phone",
        SF0 + "P2Line6_DaytimePhone[0]",
        1,
        2,
        "6",
        "Daytime Telephone Number",
        20,
        required=True,
    ),
    _text(
        "part2.fax",
        SF0 + "P2Line7_FaxNumber[0]",
        1,
        2,
        "7",
        "Fax Number",
        20,
        required=True,
        none_text="N/A",
        source=INVENTED_S8,
    ),
)

_PART2_PAGE2 = (
    *_boxes(
        "agency.type",
        SF1 + "P2Line8_AgencyType",
        2,
        2,
        "8",
        (("federal", "Federal"), ("state", "State"), ("local", "Local"), ("tribal", "Tribal")),
    ),
    *_boxes(
        "case.status",
        SF1 + "P2Line9_CaseStatus",
        2,
        2,
        "9",
        (("ongoing", "On-going"), ("completed", "Completed")),
    ),
    *_boxes(
        "agency.category",
        SF1 + "P2Line10_AgencyCategory",
        2,
        2,
        "10",
        (
            ("law_enforcement", "Law Enforcement"),
            ("judge", "Judge"),
            ("prosecutor", "Prosecutor"),
            ("other", "Other"),
        ),
    ),
    _text(
        "agency.category_other",
        SF1 + "P2Line10_Other[0]",
        2,
        2,
        "10",
        "Other (explain)",
        60,
        source=INVENTED_S8,
    ),
    _text(
        "case.number",
        SF1 + "P2Line11_CaseNumber[0]",
        2,
        2,
        "11",
        "Agency Case Number",
        required=True,
        none_text="N/A",
        source=INVENTED + "; item 11 per [S24]",
    ),
    _text(
        "case.fbi_or_sid_number",
        SF1 + "P2Line12_FBIorSIDNumber[0]",
        2,
        2,
        "12",
        "FBI Number or SID Number",
        required=True,
        none_text="N/A",
        source=INVENTED_S8,
    ),
)

_PART3 = (
    *_boxes(
        "part3.claim",
        SF1 + "P3Line1_checkboxes",
        2,
        3,
        "1",
        (
            (None, "Sex trafficking induced by force, fraud, or coercion"),
            (None, "Sex trafficking of a person under 18 years of age"),
            (None, "Labor trafficking (involuntary servitude, peonage, debt bondage or slavery)"),
        ),
        keys=(
            "part3.claim.sex_trafficking_force_fraud_coercion",
            "part3.claim.sex_trafficking_minor",
            "part3.claim.labor_trafficking",
        ),
        source=INVENTED_S8 + "; definitions 22 U.S.C. 7102 [S27]",
    ),
    _text(
        "part3.claim_other",
        SF1 + "P3Line2_Other[0]",
        2,
        3,
        "2",
        "Other (describe)",
        95,
        source=KNOWN,
    ),
    _text(
        "part3.date_from",
        SF1 + "P3Line3a_DateFrom[0]",
        2,
        3,
        "3.a",
        "Trafficking began (mm/dd/yyyy)",
        10,
        required=True,
        kind=Kind.DATE,
    ),
    _text(
        "part3.date_to",
        SF1 + "P3Line3b_DateTo[0]",
        2,
        3,
        "3.b",
        "Trafficking ended (mm/dd/yyyy)",
        10,
        kind=Kind.DATE,
    ),
    _text(
        "part3.description",
        SF1 + "P3Line4_Description[0]",
        2,
        3,
        "4",
        "Description of the trafficking the victim suffered",
        720,
        lines=8,
        required=True,
    ),
)

_PART4_5_6 = (
    *_boxes(
        "part4.complied",
        SF2 + "P4Line1_chbxyesno",
        3,
        4,
        "1",
        YES_NO,
        source=INVENTED + "; eligibility element [S13]",
    ),
    _text(
        "part4.explanation",
        SF2 + "P4Line2_Explanation[0]",
        3,
        4,
        "2",
        "Describe the victim's cooperation with reasonable requests",
        540,
        lines=6,
        required=True,
    ),
    *_boxes(
        "part5.continued_presence", SF2 + "P5Line1_chbxyesno", 3, 5, "1", YES_NO, source=INVENTED
    ),
    _text(
        "part5.explanation",
        SF2 + "P5Line2_Explanation[0]",
        3,
        5,
        "2",
        "Other information about the victim's presence on account of trafficking",
        270,
        lines=3,
    ),
    _text(
        "part6.signature",
        SF2 + "P6Line1_Signature[0]",
        3,
        6,
        "1",
        "Signature of Law Enforcement Official",
        None,
        kind=Kind.SIGNATURE,
    ),
    _text(
        "part6.signature_date",
        SF2 + "P6Line2_Date[0]",
        3,
        6,
        "2",
        "Date of Signature (mm/dd/yyyy)",
        10,
        required=True,
        kind=Kind.DATE,
    ),
    _text(
        "part6.supervisor_name",
        SF2 + "P6Line3_SupervisorName[0]",
        3,
        6,
        "3",
        "Name of Supervising Official",
        60,
        required=True,
        source=INVENTED + "; supervisor signs too per [S24]",
    ),
    _text(
        "part6.supervisor_signature",
        SF2 + "P6Line4_SupervisorSignature[0]",
        3,
        6,
        "4",
        "Signature of Supervising Official",
        None,
        kind=Kind.SIGNATURE,
    ),
    _text(
        "part6.supervisor_signature_date",
        SF2 + "P6Line5_Date[0]",
        3,
        6,
        "5",
        "Date of Signature (mm/dd/yyyy)",
        10,
        required=True,
        kind=Kind.DATE,
    ),
)


def _block(item: int) -> tuple[FieldSpec, ...]:
    key = f"part7.block_{item}"
    base = f"{SF3}P7Line{item}"
    common = {"role": Role.ADDITIONAL_INFO}
    return (
        _text(
            f"{key}.page", f"{base}a_PageNumber[0]", 4, 7, f"{item}.a", "Page Number", 3, **common
        ),
        _text(
            f"{key}.part", f"{base}b_PartNumber[0]", 4, 7, f"{item}.b", "Part Number", 3, **common
        ),
        _text(
            f"{key}.item", f"{base}c_ItemNumber[0]", 4, 7, f"{item}.c", "Item Number", 6, **common
        ),
        _text(
            f"{key}.text",
            f"{base}d_AdditionalInfo[0]",
            4,
            7,
            f"{item}.d",
            "Additional information",
            1100,
            lines=12,
            **common,
        ),
    )


_PART7 = (
    _text(
        "part7.victim.family_name",
        SF3 + "P1Line1_FamilyName[1]",
        4,
        7,
        "1.a",
        "Family Name",
        role=Role.MIRROR,
        mirror_of="victim.family_name",
    ),
    _text(
        "part7.victim.given_name",
        SF3 + "P1Line1_GivenName[1]",
        4,
        7,
        "1.b",
        "Given Name",
        role=Role.MIRROR,
        mirror_of="victim.given_name",
    ),
    _text(
        "part7.victim.a_number",
        SF3 + "P1Line5_AlienNumber[1]",
        4,
        7,
        "2",
        "A-Number",
        12,
        role=Role.MIRROR,
        mirror_of="victim.a_number",
        printed_prefix="A-",
    ),
    *_block(3),
    *_block(4),
    *_block(5),
)

EDITION = Edition(
    form="I-914B",
    edition="01/20/25",
    title="Form I-914, Supplement B, Declaration for Trafficking Victim",
    page_count=4,
    parts={
        1: "Victim Information",
        2: "Agency Information",
        3: "Statement of Claim",
        4: "Victim's Cooperation with Reasonable Requests",
        5: "Presence on Account of Trafficking",
        6: "Certification",
        7: "Additional Information",
    },
    item_titles={
        (1, "1"): "Full name of the victim",
        (1, "2"): "Other names used",
        (1, "3"): "Date of birth",
        (1, "4"): "Gender",
        (1, "5"): "A-Number",
        (1, "6"): "U.S. Social Security Number",
        (2, "1"): "Name of certifying agency",
        (2, "2"): "Name of law enforcement official",
        (2, "3"): "Title",
        (2, "4"): "Division or office",
        (2, "5"): "Agency address",
        (2, "6"): "Daytime telephone number",
        (2, "7"): "Fax number",
        (2, "8"): "Agency type",
        (2, "9"): "Status of the case",
        (2, "10"): "Agency category",
        (2, "11"): "Agency case number",
        (2, "12"): "FBI number or SID number",
        (3, "1"): "The victim is or was a victim of a severe form of trafficking in persons:",
        (3, "2"): "Other",
        (3, "3"): "Dates of the trafficking",
        (3, "4"): "Description",
        (4, "1"): "The victim has complied with reasonable requests for assistance",
        (4, "2"): "Explanation",
        (5, "1"): "Continued Presence was requested for the victim",
        (5, "2"): "Explanation",
        (6, "1"): "Signature of law enforcement official (ink)",
        (6, "2"): "Date of signature",
        (6, "3"): "Name of supervising official",
        (6, "4"): "Signature of supervising official (ink)",
        (6, "5"): "Date of signature",
        (7, "1"): "Full name of the victim",
        (7, "2"): "A-Number",
        (7, "3"): "Additional information",
        (7, "4"): "Additional information",
        (7, "5"): "Additional information",
    },
    fields=(*_PART1, *_PART2, *_PART2_PAGE2, *_PART3, *_PART4_5_6, *_PART7),
    additional_info_part=7,
    additional_info_blocks=tuple(
        AdditionalInfoBlock(
            page_key=f"part7.block_{n}.page",
            part_key=f"part7.block_{n}.part",
            item_key=f"part7.block_{n}.item",
            text_key=f"part7.block_{n}.text",
        )
        for n in (3, 4, 5)
    ),
    requester_parts=frozenset({1, 2}),
    official_sha256=None,
    sources={
        "S8": "pre-2017 Form I-914 Supplement B",
        "S13": "Form I-914 Supplement B instructions, 2024 current text (T final rule)",
        "S24": "third-party code filling the 01/20/25 PDF with pypdf (src/t_visa.py and its test)",
        "S27": "22 U.S.C. 7102",
    },
)
