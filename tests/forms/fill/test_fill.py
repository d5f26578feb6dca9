from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from forms.editions import NOT_APPLICABLE, Edition, Kind, Role
from forms.fill import (
    SEE_PART_7,
    blank_required_items,
    fill,
    read_back,
    stamp_verification_code,
)
from forms.templates import Template, sha256_hex, standin_template
from tests.forms.conftest import full_answers

VIETNAMESE = {"victim.family_name": "Nguyễn", "victim.given_name": "Thị Ánh"}


def _expected(
    edition: Edition, template: Template, answers: dict[str, object], parts: frozenset[int]
) -> dict[str, str]:
    expected: dict[str, str] = {}
    for spec in edition.specs(Role.ANSWER):
        if spec.kind is Kind.SIGNATURE:
            continue
        value = answers.get(spec.key)
        if spec.part not in parts or value is None:
            expected[spec.pdf_name] = "/Off" if spec.kind is Kind.CHECKBOX else ""
        elif spec.kind is Kind.CHECKBOX:
            on = value is True if spec.choice is None else value == spec.choice
            expected[spec.pdf_name] = template.on_state(spec.pdf_name) if on else "/Off"
        elif spec.kind is Kind.DATE:
            assert isinstance(value, dt.date)
            expected[spec.pdf_name] = value.strftime("%m/%d/%Y")
        else:
            expected[spec.pdf_name] = str(value)
    return expected


def test_it_fills_every_field_of_the_officials_copy_and_reads_it_back(
    edition: Edition, template: Template
) -> None:
    answers = full_answers(edition)
    result = fill(edition, answers, copy="official", template=template)
    values = read_back(result.data)
    expected = _expected(edition, template, answers, frozenset(edition.parts))
    assert {name: values.get(name, "") for name in expected} == expected
    assert result.overflow == () and result.continuation_pages == 0
    checked = [
        n
        for n, spec in edition.by_pdf_name.items()
        if spec.kind is Kind.CHECKBOX and values[n] != "/Off"
    ]
    assert len(checked) >= 5


def test_the_requesters_copy_carries_only_parts_1_and_2(
    edition: Edition, template: Template
) -> None:
    answers = full_answers(edition)
    result = fill(edition, answers, copy="requester", template=template)
    values = read_back(result.data)
    expected = _expected(edition, template, answers, frozenset({1, 2}))
    assert {name: values.get(name, "") for name in expected} == expected
    later = [s.pdf_name for s in edition.specs(Role.ANSWER) if s.part >= 3]
    assert all(values[n] in ("", "/Off") for n in later)
    # The Part 7 header repeats the victim's name even on the requester's copy.
    mirror = edition.by_key["part7.victim.family_name"][0]
    assert values[mirror.pdf_name] == answers["victim.family_name"]


def test_it_fills_checkboxes_with_each_widgets_own_on_state(
    i918b: Edition,
) -> None:

    template = standin_template(i918b)
    answers = {
        "part3.activity.rape": True,
        "part3.activity.stalking": True,
        "part4.helpful": "no",
        "victim.gender": "female",
    }
    values = read_back(fill(i918b, answers, copy="official", template=template).data)
    ticked = {n: v for n, v in values.items() if v.startswith("/") and v != "/Off"}
    boxes = {
        s.pdf_name
        for k in answers
        for s in i918b.by_key[k]
        if s.choice is None or s.choice == answers[k]
    }
    assert set(ticked) == boxes
    assert {ticked[n] for n in boxes} == {template.on_state(n) for n in boxes}
    assert "/Yes" not in ticked.values()
    # The "No" box of a yes/no pair turns on with /N on the stand-in: a trap for /Yes code.
    assert ticked["form1[0].#subform[2].Part4_Line2_chbxyesno[1]"] == "/N"


def test_the_filled_file_is_decrypted_without_xfa_or_usage_rights(
    edition: Edition, template: Template
) -> None:
    result = fill(edition, {"victim.family_name": "Doe"}, copy="requester", template=template)
    reader = PdfReader(io.BytesIO(result.data))
    assert not reader.is_encrypted
    root = reader.trailer["/Root"]
    assert "/XFA" not in root["/AcroForm"] and "/Perms" not in root
    # Appearances are written by us, so viewers must not be asked to regenerate them.
    assert root["/AcroForm"]["/NeedAppearances"].value is False
    name = edition.by_key["victim.family_name"][0].pdf_name
    widget = next(
        a.get_object()
        for a in reader.pages[0]["/Annots"]
        if a.get_object().get("/T") == name.rsplit(".", 1)[1]
    )
    assert b"(Doe) Tj" in widget["/AP"]["/N"].get_object().get_data()


def test_dates_are_written_month_day_year(i918b: Edition) -> None:

    answers = {"victim.date_of_birth": "1990-03-04", "part6.signature_date": dt.date(2025, 2, 1)}
    values = read_back(fill(i918b, answers, copy="official", template=standin_template(i918b)).data)
    assert values["form1[0].#subform[0].P1_Line4_DateOfBirth[0]"] == "03/04/1990"
    assert values["form1[0].pg4[0].Part6_Line2_Date[0]"] == "02/01/2025"
    with pytest.raises(ValueError, match="not a date"):
        fill(
            i918b,
            {"victim.date_of_birth": "4 March"},
            copy="official",
            template=standin_template(i918b),
        )


def test_not_applicable_is_written_as_the_forms_own_words(i918b: Edition) -> None:

    answers = {"victim.middle_name": NOT_APPLICABLE, "part3.injuries": NOT_APPLICABLE}
    values = read_back(fill(i918b, answers, copy="official", template=standin_template(i918b)).data)
    assert values["form1[0].#subform[0].Pt1Line2a_MiddleName[0]"] == "N/A"
    assert values["form1[0].#subform[1].Part3_Line7_Explanation[0]"] == "None"
    with pytest.raises(ValueError, match="no N/A answer"):
        fill(
            i918b,
            {"victim.given_name": NOT_APPLICABLE},
            copy="official",
            template=standin_template(i918b),
        )


def test_the_signature_box_is_never_filled_and_is_locked(
    edition: Edition, template: Template
) -> None:
    with pytest.raises(ValueError, match="ink"):
        fill(edition, {"part6.signature": "J. Smith"}, copy="official", template=template)
    result = fill(edition, full_answers(edition), copy="official", template=template)
    reader = PdfReader(io.BytesIO(result.data))
    fields = reader.get_fields()
    for spec in edition.fields:
        if spec.kind is Kind.SIGNATURE:
            assert fields[spec.pdf_name].get("/V", "") == ""
            assert int(fields[spec.pdf_name]["/Ff"]) & 1


def test_it_rejects_keys_and_choices_the_edition_does_not_have(i918b: Edition) -> None:

    template = standin_template(i918b)
    with pytest.raises(ValueError, match="no answer key"):
        fill(i918b, {"victim.favourite_colour": "red"}, copy="official", template=template)
    with pytest.raises(ValueError, match="not in"):
        fill(i918b, {"victim.gender": "unknown"}, copy="official", template=template)
    with pytest.raises(ValueError, match="no answer key"):
        fill(i918b, {"part7.block_4.text": "x"}, copy="official", template=template)


def test_text_that_does_not_fit_goes_to_part_7_with_its_reference(i918b: Edition) -> None:

    description = "The suspect followed the victim home on several nights. " * 12
    values_in = {"part3.description": description.strip(), "victim.family_name": "X" * 40}
    result = fill(i918b, values_in, copy="official", template=standin_template(i918b))
    values = read_back(result.data)
    assert values["form1[0].#subform[1].Part3_Line6_Explanation[0]"] == SEE_PART_7
    assert values["form1[0].#subform[0].Pt1Line2a_FamilyName[0]"] == SEE_PART_7
    refs = {(o.page, o.part, o.item, o.placed) for o in result.overflow}
    assert refs == {(1, 1, "2.a", "Part 7, Item 4"), (2, 3, "6", "Part 7, Item 5")}
    assert values["form1[0].#subform[4].P8_Line4a_PageNumber[0]"] == "1"
    assert values["form1[0].#subform[4].P8_Line4b_PartNumber[0]"] == "1"
    assert values["form1[0].#subform[4].P8_Line4c_ItemNumber[0]"] == "2.a"
    assert values["form1[0].#subform[4].Part7_Line4d_AdditionalInfo[0]"] == "X" * 40
    assert values["form1[0].#subform[4].Part7_Line5a_ItemNumber[0]"] == "6"
    assert values["form1[0].#subform[4].Part7_Line5d_AdditionalInfo[0]"] == description.strip()
    assert result.continuation_pages == 0


def test_text_beyond_part_7_goes_onto_continuation_pages(i918b: Edition) -> None:

    long = "word " * 400
    answers = {
        "part3.statutory_citations": "720 ILCS 5/12-7.3 " * 20,
        "part3.description": long.strip(),
        "part3.injuries": "Fractured wrist. " * 40,
        "part4.helpfulness_description": "Testified at the preliminary hearing. " * 30,
    }
    result = fill(i918b, answers, copy="official", template=standin_template(i918b))
    assert result.continuation_pages >= 1
    placed = {o.item: o.placed for o in result.overflow}
    assert placed == {
        "3": "Part 7, Item 4",
        "6": "Part 7, Item 5",
        "7": "Part 7, Item 6",
        "5": "continuation page",
    }
    reader = PdfReader(io.BytesIO(result.data))
    assert len(reader.pages) == i918b.page_count + result.continuation_pages
    extra = " ".join(p.extract_text() for p in reader.pages[i918b.page_count :])
    assert "Page 3, Part 4, Item 5:" in extra
    assert "Testified at the preliminary hearing." in extra
    # Item 6 is longer than its Part 7 block: the rest follows under the same reference.
    assert "Page 2, Part 3, Item 6 (continued):" in extra
    block = read_back(result.data)["form1[0].#subform[4].Part7_Line5d_AdditionalInfo[0]"]
    assert block.endswith("[continued on the attached page]")
    shown = block.removesuffix(" [continued on the attached page]").split()
    rest = extra.split("Page 2, Part 3, Item 6 (continued):")[1].split("Page 3")[0].split()
    assert len(shown) + rest.count("word") == 400


def test_a_vietnamese_name_survives_a_flattened_copy(i918b: Edition) -> None:

    result = fill(
        i918b,
        {**VIETNAMESE, "victim.a_number": "A012345678"},
        copy="requester",
        flatten=True,
        template=standin_template(i918b),
    )
    reader = PdfReader(io.BytesIO(result.data))
    text = reader.pages[0].extract_text()
    # The form prints "A-" before the box: the digits only.
    assert "Nguyễn" in text and "Thị Ánh" in text and "012345678" in text
    assert "A012345678" not in text
    assert result.warnings == ()
    # Flattened: no widget left but the ink-only signature box.
    widgets = [
        a.get_object()
        for p in reader.pages
        for a in p.get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Widget"
    ]
    assert [str(w["/T"]) for w in widgets] == ["Pt1Line13_ApplicantSignature[0]"]
    assert list(read_back(result.data)) == ["form1[0].pg4[0].Pt1Line13_ApplicantSignature[0]"]


def test_a_vietnamese_name_is_filled_with_the_embedded_unicode_font(i918b: Edition) -> None:

    result = fill(i918b, VIETNAMESE, copy="requester", template=standin_template(i918b))
    assert read_back(result.data)["form1[0].#subform[0].Pt1Line2a_FamilyName[0]"] == "Nguyễn"
    reader = PdfReader(io.BytesIO(result.data))
    fonts = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]
    font = fonts["/CertifySans"].get_object()
    assert font["/Subtype"] == "/Type0"
    assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]


def test_the_verification_code_is_on_every_page(edition: Edition, template: Template) -> None:
    result = fill(
        edition,
        {"victim.family_name": "Doe"},
        copy="official",
        verification_code="K7Q2-9XDM",
        template=template,
    )
    reader = PdfReader(io.BytesIO(result.data))
    assert all("Verification code: K7Q2-9XDM" in p.extract_text() for p in reader.pages)
    assert read_back(result.data)[edition.by_key["victim.family_name"][0].pdf_name] == "Doe"
    with pytest.raises(ValueError):
        stamp_verification_code(result.data, "bad code!")


def test_blank_required_items_are_listed_by_part_and_item(i918b: Edition) -> None:
    answers = full_answers(i918b)
    assert blank_required_items(i918b, answers) == []
    del answers["victim.date_of_birth"]
    answers["part3.description"] = "   "
    for spec in i918b.fields:
        if spec.key.startswith("part3.activity."):
            answers[spec.key] = False
    answers["victim.middle_name"] = NOT_APPLICABLE
    blanks = [(b.page, b.part, b.item) for b in blank_required_items(i918b, answers)]
    assert blanks == [(1, 1, "4"), (2, 3, "1"), (2, 3, "6")]
    assert str(blank_required_items(i918b, answers)[1]).startswith("Page 2, Part 3, Item 1:")


def test_sha256_hex_is_the_hex_digest() -> None:
    assert sha256_hex(b"abc").startswith("ba7816bf")


def test_text_the_font_cannot_draw_is_refused_and_its_item_named(i918b: Edition) -> None:
    from forms.fill import UndrawableText, undrawable_items

    answers = {"victim.family_name": "حداد", "part3.description": "Он ударил её."}
    with pytest.raises(UndrawableText) as refused:
        fill(i918b, answers, copy="official", template=standin_template(i918b))
    assert refused.value.where == "Page 1, Part 1, Item 2.a: Family Name (Last Name)"
    # Cyrillic is in the embedded font: only the Arabic is refused.
    assert [p.key for p in undrawable_items(i918b, answers)] == ["victim.family_name"]
    # Overflowing text bound for a continuation page is checked as well.
    with pytest.raises(UndrawableText, match="Item 6"):
        fill(
            i918b,
            {"part3.description": "word " * 200 + "王芳"},
            copy="official",
            template=standin_template(i918b),
        )


def test_entries_without_a_box_go_to_part_7_with_their_reference(i918b: Edition) -> None:
    from forms.editions import ADDITIONAL_ENTRIES, AdditionalEntry

    entries = [
        AdditionalEntry(4, 5, "2-4", "Family member 4 implicated: Family Name: Ruiz", "m4"),
        AdditionalEntry(1, 1, "3", "Other name used: Given Name: Rosita", "other"),
    ]
    answers = {"victim.family_name": "Peña", ADDITIONAL_ENTRIES: entries}
    official = fill(i918b, answers, copy="official", template=standin_template(i918b))
    values = read_back(official.data)
    # In the form's order: page 1 before page 4.
    assert values["form1[0].#subform[4].P8_Line4c_ItemNumber[0]"] == "3"
    assert values["form1[0].#subform[4].Part7_Line4d_AdditionalInfo[0]"].endswith("Rosita")
    assert values["form1[0].#subform[4].Part7_Line5a_PageNumber[0]"] == "4"
    assert values["form1[0].#subform[4].Part7_Line5a_ItemNumber[0]"] == "2-4"
    # The requester's copy carries only the entries of its own parts.
    requester = read_back(
        fill(i918b, answers, copy="requester", template=standin_template(i918b)).data
    )
    assert "Ruiz" not in " ".join(requester.values())
    assert "Rosita" in " ".join(requester.values())


def test_the_a_number_is_written_without_the_a_the_form_prints(edition: Edition) -> None:
    template = standin_template(edition)
    values = read_back(
        fill(edition, {"victim.a_number": "A012345678"}, copy="requester", template=template).data
    )
    [spec] = edition.by_key["victim.a_number"]
    assert spec.printed_prefix == "A-"
    assert values[spec.pdf_name] == "012345678"
