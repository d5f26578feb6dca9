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
    assert on.rule_text == f"State law ({on.law}) gives the agency 30 days."
    assert on.law.startswith("Cal. Penal Code 679.10")
    assert not on.is_policy and on.running and on.phase == "response"


def test_a_certified_u_request_shows_its_filing_window_and_no_running_clock(world):
    req = assign(world, world.advocate_request)
    transition(req, move="start_review", actor=world.users["official"])
    req = transition(
        req, move="certify", actor=world.users["official"], signature_date=date(2025, 4, 1)
    )
    clock = clock_for(req, today=date(2025, 9, 1))
    assert (clock.days_left, clock.overdue, clock.running) == (None, False, False)
    # 8 CFR 214.14(c)(2)(i): the six months end 30 September; filing is recommended a week
    # earlier, by 23 September, 22 days after 1 September.
    assert clock.filing_window_ends == date(2025, 9, 30)
    assert clock.recommended_filing_by == date(2025, 9, 23)
    assert clock.filing_days_left == 22
    assert clock.phase == "decided"


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


def test_a_request_under_reconsideration_shows_no_response_clock(world):
    from workflows import decisions

    req = assign(world, world.advocate_request)
    transition(req, move="start_review", actor=world.users["official"])
    transition(req, move="deny", actor=world.users["official"], note="No record of the crime.")
    req = decisions.ask_reconsideration(req, actor=world.users["advocate"], note="New evidence.")
    clock = clock_for(req, today=req.due_date + timedelta(days=40))
    # California sets no answer clock for a U reconsideration: nothing runs, nothing is overdue.
    assert clock.phase == "reconsideration"
    assert (clock.running, clock.overdue, clock.days_left) == (False, False, None)
    assert clock.appeal_due_date is None


def test_an_illinois_reconsideration_shows_only_the_appeal_clock(world):
    from certify.records.models import Agency, CertificationRequest
    from tests.conftest import make_request, submit_and_receive
    from workflows import decisions
    from workflows.deadlines import duties_for_agency

    agency = Agency.objects.create(
        name="Aurora Police", slug="aurora", kind="police", state="IL", time_zone="America/Chicago"
    )
    req = submit_and_receive(
        make_request(created_by=world.users["victim"], filed_by="victim", agency=agency)
    )
    # Decided earlier (the path to a denial is tested elsewhere).
    CertificationRequest.objects.filter(pk=req.pk).update(status="denied")
    req.refresh_from_db()
    req = decisions.ask_reconsideration(req, actor=world.users["victim"], note="New evidence.")
    assert req.appeal_due_date is not None
    duties = duties_for_agency(agency, "U", req.received_on)
    clock = clock_for(req, today=req.appeal_due_date, duties=duties)
    assert clock.phase == "reconsideration" and not clock.running and not clock.overdue
    assert (clock.appeal_due_date, clock.appeal_days_left) == (req.appeal_due_date, 0)
    assert clock.appeal_law.startswith("5 ILCS 825/10 and 825/11")
