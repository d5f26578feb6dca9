from __future__ import annotations

from collections import Counter

import pytest

from forms.editions import Kind, Role, get_edition


def test_the_i918b_map_covers_133_fields_in_the_reference_type_counts() -> None:
    edition = get_edition("I-918B", "01/20/25")
    kinds = Counter(
        "text" if s.kind in (Kind.TEXT, Kind.DATE, Kind.SIGNATURE) else s.kind.value
        for s in edition.fields
    )
    assert len(edition.by_pdf_name) == 133
    assert kinds == {"text": 74, "checkbox": 58, "choice": 1}
    assert all(s.pdf_name.startswith("form1[0].") for s in edition.fields)


def test_rows_the_reference_could_not_confirm_are_marked() -> None:
    edition = get_edition("I-918B")
    crimes = [s for s in edition.fields if s.key.startswith("part3.activity.")]
    groups = [
        s for s in edition.fields if s.key in ("agency.type", "case.status", "agency.category")
    ]
    assert len(crimes) == 31 and len(groups) == 10
    assert not any(s.confirmed for s in crimes + groups)
    assert edition.by_key["victim.family_name"][0].confirmed
    assert all(s.source for s in edition.fields)


def test_every_i914b_row_is_unconfirmed_until_a_real_file_is_checked() -> None:
    edition = get_edition("I-914B")
    assert not any(s.confirmed for s in edition.fields)
    known = {
        "P1Line1_FamilyName[0]",
        "GivenNameFirstName[0]",
        "P3Line2_Other[0]",
        "P3_Line5_SSN[0]",
    }
    assert known <= {s.leaf_name for s in edition.fields}


def test_each_checkbox_says_which_answer_it_means_and_keys_are_unique_per_choice() -> None:
    for form in ("I-918B", "I-914B"):
        edition = get_edition(form)
        for key, specs in edition.by_key.items():
            boxes = [s for s in specs if s.kind is Kind.CHECKBOX]
            if len(boxes) > 1:
                choices = [s.choice for s in boxes]
                assert None not in choices and len(set(choices)) == len(choices), key


def test_part7_blocks_and_mirrors_point_at_real_rows() -> None:
    for form in ("I-918B", "I-914B"):
        edition = get_edition(form)
        for block in edition.additional_info_blocks:
            for key in (block.page_key, block.part_key, block.item_key, block.text_key):
                assert edition.by_key[key][0].role is Role.ADDITIONAL_INFO
        for mirror in edition.specs(Role.MIRROR):
            assert mirror.mirror_of in edition.answer_keys


def test_get_edition_defaults_to_the_newest_and_rejects_unknown_ones() -> None:
    assert get_edition("I-914B").edition == "01/20/25"
    with pytest.raises(LookupError, match="known editions"):
        get_edition("I-918B", "04/01/24")
    with pytest.raises(LookupError):
        get_edition("I-130")
