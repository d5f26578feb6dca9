"""The rules as seeded: what each law's row says, whom it binds, from when, and how sure we are."""

from __future__ import annotations

import re
from datetime import date

import pytest

from certify.records.official_sources import is_official_url
from workflows.deadlines import rules_for
from workflows.models import Checking, DeadlineRule

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 3)


def only(state: str, form: str, on: date = TODAY, **scope) -> DeadlineRule:
    clocked = [r for r in rules_for(state, form, on, **scope) if r.days is not None]
    assert len(clocked) == 1, clocked
    return clocked[0]


@pytest.mark.parametrize(
    ("state", "form", "days", "day_kind", "removal_days", "checking"),
    [
        ("CA", "U", 30, "calendar", 7, Checking.SECONDARY),
        ("CA", "T", 30, "calendar", 7, Checking.SECONDARY),
        ("WA", "U", 90, "calendar", 14, Checking.SECONDARY),
        ("IL", "U", 90, "business", 21, Checking.SECONDARY),
        ("MN", "T", 90, "calendar", 14, Checking.SECONDARY),
        ("CO", "U", 90, "calendar", 30, Checking.SECONDARY),
        ("MA", "U", 90, "calendar", None, Checking.TEXT),
        ("VA", "T", 120, "calendar", None, Checking.SECONDARY),
        ("MD", "U", 45, "calendar", 7, Checking.SECONDARY),
        ("NE", "U", 90, "calendar", None, Checking.SECONDARY),
    ],
)
def test_it_seeds_each_state_clock(
    state: str, form: str, days: int, day_kind: str, removal_days: int | None, checking: str
) -> None:
    rule = only(state, form)
    assert (rule.state, rule.days, rule.day_kind) == (state, days, day_kind)
    assert rule.removal_days == removal_days
    assert rule.checking == checking
    assert rule.source
    # A row that is not settled says what is not settled.
    assert rule.checking_notes


def test_every_row_is_valid_dated_where_known_and_cites_only_official_sources() -> None:
    rows = list(DeadlineRule.objects.all())
    assert len(rows) >= 30
    for rule in rows:
        rule.full_clean()
        assert rule.state and rule.provision and rule.law
        for address in rule.source.split():
            assert is_official_url(address), (rule, address)
        text = " ".join([rule.law, rule.source, rule.checking_notes, rule.notes])
        assert "domain.md" not in text and "UNCONFIRMED" not in text
        assert not re.search(r"\[S\d+\]|\bS\d{1,3}\b", text), rule
    # Only Connecticut's designation duty has no start date on file: it sets no clock.
    undated = [r.provision for r in rows if r.effective_from is None]
    assert undated == ["ct-cgs-46b-38b"]


def test_no_row_is_a_policy_default() -> None:
    # The fallback is the agency's target or the site's setting, never a row shown as law.
    assert not DeadlineRule.objects.filter(state="").exists()
    assert not rules_for("TX", "U", TODAY)


def test_it_seeds_the_age_out_rules_of_washington_and_illinois() -> None:
    wa = only("WA", "U")
    assert (wa.age_out_days_before, wa.age_out_child_age, wa.age_out_victim_age) == (14, 21, 21)
    il = only("IL", "U")
    assert (il.age_out_window_days, il.age_out_urgent_days) == (21, 5)
    assert (il.age_out_child_age, il.age_out_sibling_age, il.age_out_victim_age) == (21, 18, 21)
    assert (il.removal_days, il.detention_days, il.expedite_day_kind) == (21, 21, "calendar")
    assert (il.appeal_days, il.appeal_day_kind) == (30, "business")


def test_it_binds_only_the_kinds_each_law_names() -> None:
    assert "court" in only("IL", "U").excludes_kinds
    assert "court" in only("VA", "U").excludes_kinds
    assert only("MN", "U").binds_kinds == ["police", "sheriff"]
    (penal_236_5,) = [r for r in rules_for("CA", "T", TODAY) if r.provision == "ca-pc-236-5"]
    assert "labor" not in penal_236_5.binds_kinds and "police" in penal_236_5.binds_kinds


def test_it_seeds_california_penal_code_236_5_for_t_requests() -> None:
    (rule,) = [r for r in rules_for("CA", "T", TODAY) if r.provision == "ca-pc-236-5"]
    assert rule.days is None
    assert (rule.first_encounter_days, rule.first_encounter_day_kind) == (15, "business")
    assert (rule.denial_letter_days, rule.denial_letter_day_kind) == (15, "calendar")
    assert (rule.appeal_days, rule.appeal_day_kind) == (7, "calendar")
    assert rule.checking == Checking.TEXT
    assert not [r for r in rules_for("CA", "U", TODAY) if r.provision == "ca-pc-236-5"]


def test_it_seeds_laws_that_bind_agencies_without_a_clock() -> None:
    for state, provision in (
        ("NV", "nv-nrs-217-580"),
        ("OR", "or-ors-147-620"),
        ("CT", "ct-cgs-46b-38b"),
        ("NJ", "nj-ag-directive-2018-6"),
    ):
        rules = rules_for(state, "U", TODAY)
        assert [r.provision for r in rules] == [provision]
        assert rules[0].days is None
    assert rules_for("NV", "U", TODAY)[0].presumption_of_helpfulness
    assert rules_for("NJ", "U", TODAY)[0].authority == "directive"


def test_it_seeds_the_local_rules_over_their_states() -> None:
    for place in ("Minneapolis", "Saint Paul", "St. Paul"):
        local = [r for r in rules_for("MN", "U", TODAY, place=place) if r.place]
        assert len(local) == 1 and (local[0].days, local[0].removal_days) == (30, 7)
    nyc = [r for r in rules_for("NY", "U", TODAY, place="Brooklyn") if r.place]
    assert [r.provision for r in nyc] == ["nyc-38-rcny-22"]
    assert not [r for r in rules_for("NY", "U", TODAY, place="Buffalo") if r.place]


def test_it_seeds_no_overlapping_versions_of_one_law() -> None:
    for rule in DeadlineRule.objects.all():
        rule._check_no_overlap()
