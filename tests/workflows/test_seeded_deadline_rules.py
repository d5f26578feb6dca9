"""The rules seeded from the legal reference: what each state's row says, and how sure we are."""

from __future__ import annotations

from datetime import date

import pytest

from workflows.deadlines import rule_for
from workflows.models import DeadlineRule

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 3)


@pytest.mark.parametrize(
    ("state", "form", "days", "day_kind", "removal_days", "confirmed"),
    [
        ("CA", "U", 30, "calendar", 7, False),
        ("CA", "T", 30, "calendar", 7, False),
        ("WA", "U", 90, "calendar", 14, False),
        ("IL", "U", 90, "business", 21, False),
        ("MN", "T", 90, "calendar", 14, True),
        ("CO", "U", 90, "calendar", 30, False),
        ("MA", "U", 90, "calendar", None, True),
        ("VA", "T", 120, "calendar", None, False),
        ("MD", "U", 45, "calendar", 7, False),
        ("NE", "U", 90, "calendar", None, False),
    ],
)
def test_it_seeds_each_state_from_the_reference(
    state: str, form: str, days: int, day_kind: str, removal_days: int | None, confirmed: bool
) -> None:
    rule = rule_for(state, form, TODAY)
    assert (rule.state, rule.days, rule.day_kind) == (state, days, day_kind)
    assert rule.removal_days == removal_days
    assert rule.confirmed is confirmed
    assert rule.source
    # An unconfirmed row must say what is unconfirmed.
    assert confirmed or rule.unconfirmed_notes


def test_it_seeds_the_age_out_rules_of_washington_and_illinois() -> None:
    wa = rule_for("WA", "U", TODAY)
    assert (wa.age_out_days_before, wa.age_out_child_age, wa.age_out_sibling_age) == (14, 21, None)
    il = rule_for("IL", "U", TODAY)
    assert (il.age_out_window_days, il.age_out_child_age, il.age_out_sibling_age) == (21, 21, 18)
    assert (il.appeal_days, il.appeal_day_kind) == (30, "business")


def test_it_seeds_a_policy_default_for_each_form_and_no_policy_statutes() -> None:
    policy = DeadlineRule.objects.filter(is_policy=True)
    assert sorted(policy.values_list("form", "state", "days")) == [("T", "", 60), ("U", "", 60)]
    assert not DeadlineRule.objects.filter(is_policy=True).exclude(state="").exists()


def test_it_leaves_colorado_and_maryland_t_requests_to_the_policy() -> None:
    assert not DeadlineRule.objects.filter(state__in=["CO", "MD"], form="T").exists()
    assert rule_for("CO", "T", TODAY).is_policy


def test_it_records_the_california_t_citation_question() -> None:
    rule = rule_for("CA", "T", TODAY)
    assert "679.11" in rule.law
    assert "236.5" in rule.unconfirmed_notes


def test_it_seeds_no_overlapping_periods() -> None:
    for rule in DeadlineRule.objects.all():
        rule.full_clean()
