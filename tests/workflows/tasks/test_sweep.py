"""The periodic sweep: deadline reminders, escalation, six-month reminders, sent exactly once."""

from __future__ import annotations

import smtplib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_q.models import Schedule

from certify.records.models import Agency, AgencyMembership, CertificationRequest, User
from certify.records.validity import recommended_filing_date
from tests.conftest import make_request, make_user
from tests.workflows.conftest import assign, noon_in_california, set_due
from workflows import notices, tasks
from workflows.apps import register_sweep
from workflows.lifecycle import transition
from workflows.models import Notice, NoticeClaim, NoticeKind

DUE = date(2025, 3, 20)
VICTIM_WORDS = ("José", "Peña", "Núñez", "attacked", "1990")
SUBJECTS = {
    "A request is due in 14 days",
    "A request is due in 7 days",
    "A request is due in 3 days",
    "A request is due in 1 day",
    "A request is due today",
    "A request is past its due date",
    "A request in your agency is past its due date",
    "Reminder: a date on your request is coming up",
    "Reminder: a date on your request is close",
}


@pytest.fixture
def assigned(world):
    req = assign(world, world.advocate_request)
    set_due(req, DUE)
    # The victim's own request stays out of the way: no clock.
    set_due(world.victim_request, DUE + timedelta(days=400))
    return req


def sent_to(outbox, user) -> list:
    return [m for m in outbox if m.to == [user.email]]


def run_days(time_machine, first: date, last: date) -> dict[date, list[tuple[str, str]]]:
    """One sweep a day at noon in California; what went to whom, by day."""
    by_day: dict[date, list[tuple[str, str]]] = {}
    day = first
    while day <= last:
        time_machine.move_to(noon_in_california(day), tick=False)
        before = len(mail.outbox)
        tasks.sweep()
        by_day[day] = [(m.to[0], m.subject) for m in mail.outbox[before:]]
        day += timedelta(days=1)
    return by_day


def test_the_sweep_run_twice_sends_each_notice_once(world, assigned, time_machine):
    time_machine.move_to(noon_in_california(DUE - timedelta(days=7)), tick=False)
    first = tasks.sweep()
    assert first["deadline_sent"] == 1
    assert len(mail.outbox) == 1
    second = tasks.sweep()
    assert second["deadline_sent"] == 0
    assert len(mail.outbox) == 1
    assert NoticeClaim.objects.filter(kind=NoticeKind.DUE_7).count() == 1


def test_reminders_go_on_the_right_days_and_overdue_escalates_to_the_lead(
    world, assigned, time_machine
):
    official, lead = world.users["official"], world.users["lead"]
    by_day = run_days(time_machine, DUE - timedelta(days=16), DUE + timedelta(days=3))
    expected = {
        DUE - timedelta(days=14): [(official.email, "A request is due in 14 days")],
        DUE - timedelta(days=7): [(official.email, "A request is due in 7 days")],
        DUE - timedelta(days=3): [(official.email, "A request is due in 3 days")],
        DUE - timedelta(days=1): [(official.email, "A request is due in 1 day")],
        DUE + timedelta(days=1): [
            (official.email, "A request is past its due date"),
            (lead.email, "A request in your agency is past its due date"),
        ],
    }
    # Every other day, including the day before and after each threshold and the due date
    # itself (the 1-day reminder already went), sends nothing.
    assert {day: sent for day, sent in by_day.items() if sent} == expected


def test_an_unassigned_request_reminds_the_coordinators(world, time_machine):
    set_due(world.victim_request, DUE)
    set_due(world.advocate_request, DUE + timedelta(days=400))
    time_machine.move_to(noon_in_california(DUE - timedelta(days=3)), tick=False)
    tasks.sweep()
    assert [m.to for m in mail.outbox] == [[world.users["coordinator"].email]]


def test_decided_and_reconsideration_requests_get_no_deadline_reminders(
    world, assigned, time_machine
):
    transition(assigned, move="start_review", actor=world.users["official"])
    transition(assigned, move="deny", actor=world.users["official"], note="Not enough.")
    transition(assigned, move="ask_reconsideration", actor=world.users["advocate"], note="See.")
    time_machine.move_to(noon_in_california(DUE + timedelta(days=1)), tick=False)
    tasks.sweep()
    assert mail.outbox == []


def test_an_inactive_lead_is_not_escalated_to(world, assigned, time_machine):
    AgencyMembership.objects.filter(user=world.users["lead"]).update(active=False)
    time_machine.move_to(noon_in_california(DUE + timedelta(days=2)), tick=False)
    tasks.sweep()
    assert [m.to[0] for m in mail.outbox] == [world.users["official"].email]


@pytest.fixture
def certified(world, time_machine):
    time_machine.move_to(noon_in_california(date(2025, 4, 1)), tick=False)
    req = assign(world, world.advocate_request)
    transition(req, move="start_review", actor=world.users["official"])
    req = transition(
        req, move="certify", actor=world.users["official"], signature_date=date(2025, 4, 1)
    )
    mail.outbox.clear()
    for other in (world.victim_request,):
        set_due(other, date(2027, 1, 1))
    set_due(req, None)
    return req


def test_the_requester_is_reminded_before_the_six_month_window_closes(
    world, certified, time_machine
):
    # The reminders count down to the recommended filing date, a week before the window ends.
    last_day = recommended_filing_date(date(2025, 4, 1))
    assert last_day == date(2025, 9, 23)
    by_day = run_days(time_machine, last_day - timedelta(days=32), last_day + timedelta(days=2))
    advocate = world.users["advocate"].email
    assert {day: sent for day, sent in by_day.items() if sent} == {
        last_day - timedelta(days=30): [
            (advocate, "Reminder: a date on your request is coming up")
        ],
        last_day - timedelta(days=7): [(advocate, "Reminder: a date on your request is close")],
    }
    notice = Notice.objects.get(kind=NoticeKind.VALIDITY_7)
    assert (notice.due_date, notice.days_left) == (last_day, 7)


def test_a_certified_t_request_has_no_six_month_reminder(world, certified, time_machine):
    CertificationRequest.objects.filter(pk=certified.pk).update(form="T")
    run_days(time_machine, date(2025, 8, 29), date(2025, 9, 30))
    assert mail.outbox == []


def test_e_mails_are_neutral_and_hold_no_victim_data(world, assigned, time_machine):
    run_days(time_machine, DUE - timedelta(days=15), DUE + timedelta(days=1))
    assert len(mail.outbox) == 6
    for message in mail.outbox:
        assert message.subject in SUBJECTS
        for word in VICTIM_WORDS:
            assert word not in message.subject
            assert word not in message.body
        assert assigned.reference in message.body
        assert "\n" not in message.subject


def test_e_mails_are_written_in_the_recipients_language(world, assigned, time_machine):
    official = world.users["official"]
    official.preferred_language = "es"
    official.save()
    time_machine.move_to(noon_in_california(DUE - timedelta(days=7)), tick=False)
    tasks.sweep()
    (message,) = mail.outbox
    assert message.subject == "Una solicitud vence en 7 días"
    assert "Referencia: " in message.body
    # Django's own Spanish formats: the date reads "20 de marzo de 2025".
    assert "20 de marzo de 2025" in message.body
    assert "March" not in message.body


def test_a_failed_send_is_retried_by_the_next_sweep_and_nothing_is_sent_twice(
    world, assigned, time_machine, monkeypatch
):
    time_machine.move_to(noon_in_california(DUE + timedelta(days=1)), tick=False)
    real_send = notices.send_mail
    calls: list[str] = []

    def flaky(subject, body, sender, to, **kwargs):
        calls.append(to[0])
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("mail server went away")
        return real_send(subject, body, sender, to, **kwargs)

    monkeypatch.setattr(notices, "send_mail", flaky)
    first = tasks.sweep()
    assert (first["deadline_sent"], first["deadline_failed"]) == (1, 1)
    failed = NoticeClaim.objects.get(sent_at__isnull=True)
    assert failed.last_error == "SMTPServerDisconnected"

    second = tasks.sweep()
    assert (second["deadline_sent"], second["deadline_failed"]) == (1, 0)
    third = tasks.sweep()
    assert third["deadline_sent"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users["official"].email, world.users["lead"].email]
    )
    assert NoticeClaim.objects.get(pk=failed.pk).attempts == 2


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the sweep catches it."""


def test_a_worker_killed_mid_sweep_sends_no_duplicate_and_drops_nothing(
    world, assigned, time_machine, monkeypatch
):
    # Three recipients of overdue notices: the official and two leads.
    second_lead = make_user("lead2@example.org")
    AgencyMembership.objects.create(user=second_lead, agency=world.agency_a, role="lead")
    start = noon_in_california(DUE + timedelta(days=1))
    time_machine.move_to(start, tick=False)
    real_send = notices.send_mail
    sent: list[str] = []

    def dies_after_one(subject, body, sender, to, **kwargs):
        if sent:
            raise WorkerKilled
        sent.append(to[0])
        return real_send(subject, body, sender, to, **kwargs)

    monkeypatch.setattr(notices, "send_mail", dies_after_one)
    with pytest.raises(WorkerKilled):
        tasks.sweep()
    assert len(mail.outbox) == 1
    assert NoticeClaim.objects.count() == 3
    assert NoticeClaim.objects.filter(sent_at__isnull=True).count() == 2

    monkeypatch.setattr(notices, "send_mail", real_send)
    # Restarted at once: the dead worker's leases still hold, since from here a slow worker and
    # a dead one look alike; nothing is sent twice.
    tasks.sweep()
    assert len(mail.outbox) == 1
    # The next scheduled sweep, after the lease: the two claimed-but-unsent notices go out.
    time_machine.move_to(start + notices.LEASE + timedelta(minutes=5), tick=False)
    tasks.sweep()
    tasks.sweep()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [world.users["official"].email, world.users["lead"].email, second_lead.email]
    )
    assert NoticeClaim.objects.filter(sent_at__isnull=True).count() == 0


def test_a_second_run_holding_nothing_cannot_send_a_claim_it_does_not_hold(world, assigned):
    wanted = [
        notices.Wanted(assigned.pk, world.users["official"].pk, NoticeKind.DUE_7, "k", DUE, 7)
    ]
    token, held = notices.claim(wanted)
    other_token, other_held = notices.claim(wanted)
    assert len(held) == 1 and other_held == []
    # Even handed the id, a run without the token sends nothing.
    assert notices.deliver(other_token, held).sent == 0
    assert notices.deliver(token, held).sent == 1
    assert notices.deliver(token, held).sent == 0
    assert len(mail.outbox) == 1


def test_notices_are_listed_in_the_app_for_their_recipient_only(world, assigned, time_machine):
    time_machine.move_to(noon_in_california(DUE + timedelta(days=1)), tick=False)
    tasks.sweep()
    official, lead = world.users["official"], world.users["lead"]
    (mine,) = notices.notices_for(official)
    assert mine.kind == NoticeKind.OVERDUE
    assert mine.headline == "A request is past its due date"
    assert mine.sent_at is not None and mine.read_at is None
    assert notices.mark_read(lead, [mine.pk]) == 0
    assert notices.mark_read(official, [mine.pk]) == 1
    assert list(notices.notices_for(official, unread_only=True)) == []
    assert [n.kind for n in notices.notices_for(lead)] == [NoticeKind.ESCALATION]


def test_the_sweep_is_registered_once_however_often_migrate_runs(db):
    register_sweep(None)
    register_sweep(None)
    (schedule,) = Schedule.objects.filter(name=tasks.SWEEP_SCHEDULE_NAME)
    assert schedule.func == "workflows.tasks.sweep"
    assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (
        Schedule.MINUTES,
        15,
        -1,
    )


def test_the_sweep_runs_the_housekeeping_jobs(db, monkeypatch):
    calls: list[object] = []
    monkeypatch.setattr(
        "workflows.drafts.remove_stale_uploads",
        lambda max_age_hours: calls.append(max_age_hours) or 4,
    )
    monkeypatch.setattr("workflows.drafts.remove_expired_drafts", lambda: 2)
    monkeypatch.setattr("workflows.retention.purge_expired", lambda now: calls.append("purge") or 1)
    counts = tasks.sweep()
    assert (counts["uploads_removed"], counts["drafts_expired"], counts["requests_purged"]) == (
        4,
        2,
        1,
    )
    assert calls == [24, "purge"]


@pytest.mark.parametrize(
    ("left", "kind"),
    [
        (15, None),
        (14, NoticeKind.DUE_14),
        (8, NoticeKind.DUE_14),
        (7, NoticeKind.DUE_7),
        (4, NoticeKind.DUE_7),
        (3, NoticeKind.DUE_3),
        (2, NoticeKind.DUE_3),
        (1, NoticeKind.DUE_1),
        (0, NoticeKind.DUE_1),
        (-1, NoticeKind.OVERDUE),
    ],
)
def test_reminder_kind(left, kind):
    assert tasks.reminder_kind(left) == kind


def _agencies_with_overdue_requests(world, count: int, start: int) -> None:
    """`count` more agencies in several time zones, each with a coordinator, a lead and an
    unassigned request past its due date (so each asks for its zone and both staff lists)."""
    zones = ["America/Los_Angeles", "America/Chicago", "Pacific/Guam", "America/New_York"]
    for i in range(start, start + count):
        agency = Agency.objects.create(
            name=f"Agency {i}", slug=f"agency-n{i}", kind="police", state="CA",
            time_zone=zones[i % len(zones)],
        )  # fmt: skip
        for role in (AgencyMembership.Role.COORDINATOR, AgencyMembership.Role.LEAD):
            user = User.objects.create(email=f"{role}{i}@example.org", password="!")  # noqa: S106
            AgencyMembership.objects.create(user=user, agency=agency, role=role)
        req = make_request(
            created_by=world.users["victim"], filed_by="victim", agency=agency,
            status="received",
        )  # fmt: skip
        set_due(req, DUE - timedelta(days=2))


def test_the_sweeps_query_count_does_not_grow_with_the_number_of_agencies(world, time_machine):
    time_machine.move_to(noon_in_california(DUE), tick=False)

    def steady_sweep_queries() -> int:
        tasks.sweep()  # sends what is due; the second sweep is the steady one
        with CaptureQueriesContext(connection) as queries:
            counts = tasks.sweep()
        assert counts["deadline_requests"] > 0
        return len(queries)

    _agencies_with_overdue_requests(world, 3, start=0)
    few = steady_sweep_queries()
    _agencies_with_overdue_requests(world, 30, start=3)
    many = steady_sweep_queries()
    assert many == few
