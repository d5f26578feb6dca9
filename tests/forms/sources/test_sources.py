"""The table of sources covers each edition's field map exactly, one origin per answer."""

from __future__ import annotations

from forms.editions import Edition, Kind
from forms.sources import NOT_ON_THE_FORM, Origin, not_on_the_form, sources_for


def test_every_answer_of_the_edition_has_exactly_one_documented_source(edition: Edition) -> None:
    table = sources_for(edition)
    assert set(table) == set(edition.answer_keys)
    for key, source in table.items():
        assert isinstance(source.origin, Origin), key
        if source.origin in (Origin.WIZARD, Origin.AGENCY):
            assert source.fields, key
        if source.origin is Origin.RULE:
            assert source.how, key


def test_ink_only_boxes_are_never_an_answer(edition: Edition) -> None:
    table = sources_for(edition)
    for key in edition.answer_keys:
        if edition.by_key[key][0].kind is Kind.SIGNATURE:
            assert table[key].origin is Origin.RULE
            assert "ink" in table[key].how


def test_every_question_left_off_the_form_says_why() -> None:
    assert all(reason for reason in NOT_ON_THE_FORM.values())
    assert not_on_the_form("expedite-detained") == NOT_ON_THE_FORM["expedite-*"]
    assert not_on_the_form("victim-family_name") is None
