"""clock_for: what a request's clock shows on a given day."""

from __future__ import annotations

from datetime import date, timedelta

from tests.workflows.conftest import assign, set_due
from workflows.clock import clock_for
from workflows.lifecycle import transition


def test_the_clock_counts_down_and_turns_overdue_the_day_after(world):
    req = world.advocate_request
    set_due(req, date(2025, 3, 20))
    before = clock_for(req, today=date(2025, 3, 19))
    on = clock_for(req, today=date(2025, 3, 20))
    after = clock_for(req, today=date(2025, 3, 21))
    assert (before.days_left, before.overdue) == (1, False)
    assert (on.days_left, on.overdue) == (0, False)
    assert (after.days_left, after.overdue) == (-1, True)
    assert "CA" in on.rule_text and not on.is_policy and on.running


def test_a_certified_u_request_shows_its_filing_window_and_no_running_clock(world):
    req = assign(world, world.advocate_request)
    transition(req, move="start_review", actor=world.users["official"])
    req = transition(
        req, move="certify", actor=world.users["official"], signature_date=date(2025, 4, 1)
    )
    clock = clock_for(req, today=date(2025, 9, 1))
    assert (clock.days_left, clock.overdue, clock.running) == (None, False, False)
    assert clock.last_safe_filing_date == date(2025, 9, 30)
    assert clock.filing_days_left == 29


def test_today_defaults_to_the_agencys_date(world, time_machine):
    from datetime import UTC, datetime

    req = world.advocate_request
    set_due(req, date(2025, 3, 20))
    # 03:00 UTC on the 20th is still the 19th in California.
    time_machine.move_to(datetime(2025, 3, 20, 3, 0, tzinfo=UTC), tick=False)
    assert clock_for(req).days_left == 1
    time_machine.move_to(datetime(2025, 3, 20, 3, 0, tzinfo=UTC) + timedelta(hours=8), tick=False)
    assert clock_for(req).days_left == 0


def test_overdue_days_counts_past_the_due_date_only(world):
    from datetime import timedelta

    from workflows.clock import clock_for

    req = world.advocate_request
    assert clock_for(req, today=req.due_date).overdue_days == 0
    assert clock_for(req, today=req.due_date + timedelta(days=3)).overdue_days == 3


def test_the_rule_in_force_is_the_one_of_the_agencys_own_date(world, time_machine):
    from datetime import UTC, datetime

    from workflows.clock import rule_in_force

    agency = world.agency_a
    agency.time_zone = "America/Los_Angeles"
    # 03:00 UTC on 1 January 2024 is still 31 December 2023 in California, before the
    # written-denial rule took effect.
    time_machine.move_to(datetime(2024, 1, 1, 3, 0, tzinfo=UTC), tick=False)
    assert rule_in_force(agency=agency, form="U").written_denial_required is None
    agency.time_zone = "UTC"
    assert rule_in_force(agency=agency, form="U").written_denial_required is True
