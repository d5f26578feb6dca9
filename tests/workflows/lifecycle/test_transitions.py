"""Transitions (beyond test_lifecycle.py): illegal moves, one event per move, assignment checks,
notices after commit."""

from __future__ import annotations

import pytest
from django.core import mail

from certify.records.models import CertificationRequest, RequestEvent
from tests.workflows.conftest import assign
from workflows import tasks
from workflows.lifecycle import MOVES, TransitionError, allowed_moves, transition
from workflows.models import Assignment, NoticeClaim, NoticeKind

Status = CertificationRequest.Status


@pytest.mark.parametrize(
    ("move", "actor"),
    [
        ("certify", "official"),  # received, not yet in review
        ("start_review", "official"),  # not assigned yet
        ("submit", "advocate"),  # already submitted
        ("ask_reconsideration", "advocate"),  # nothing was denied
        ("no_such_move", "coordinator"),
    ],
)
def test_illegal_moves_are_refused_and_leave_no_trace(world, move, actor):
    req = world.advocate_request
    events, version = req.events.count(), req.version
    with pytest.raises(TransitionError):
        transition(req, move=move, actor=world.users[actor])
    req.refresh_from_db()
    assert (req.status, req.version, req.events.count()) == (Status.RECEIVED, version, events)


def test_moves_by_the_wrong_person_are_refused(world):
    req = assign(world, world.advocate_request)
    for who in ("advocate", "coordinator", "other_official", "victim"):
        with pytest.raises(TransitionError):
            transition(req, move="start_review", actor=world.users[who])
    assert "start_review" not in allowed_moves(world.users["coordinator"], req)
    assert "start_review" in allowed_moves(world.users["official"], req)


def test_every_move_leaves_an_event(world):
    req = world.advocate_request
    path = [
        ("assign", "coordinator", {"assigned_official": world.official_a}),
        ("start_review", "official", {}),
        ("request_info", "official", {"note": "Which date?"}),
        ("answer_info", "advocate", {}),
        ("deny", "official", {"note": "Not our case."}),
        ("ask_reconsideration", "advocate", {"note": "Please look again."}),
        ("certify", "official", {}),
        ("withdraw_certification", "lead", {"note": "Issued in error."}),
    ]
    for move, actor, extra in path:
        before = req.events.count()
        req = transition(req, move=move, actor=world.users[actor], **extra)
        event = req.events.last()
        assert req.events.count() == before + 1
        assert (event.kind, event.to_status) == (move, MOVES[move].target)
        assert event.actor == world.users[actor]
    assert req.status == Status.CERT_WITHDRAWN
    kinds = list(RequestEvent.objects.filter(request=req).values_list("kind", flat=True))
    assert kinds == ["submit", "receive"] + [move for move, _a, _e in path]


def test_a_request_cannot_be_assigned_to_another_agencys_or_an_inactive_official(world):
    with pytest.raises(TransitionError):
        assign(world, world.advocate_request, official=world.official_b)
    world.official_a.active = False
    world.official_a.save()
    with pytest.raises(TransitionError):
        assign(world, world.advocate_request)
    with pytest.raises(TransitionError):
        transition(world.advocate_request, move="assign", actor=world.users["coordinator"])
    assert Assignment.objects.count() == 0


def test_reassignment_goes_through_assign_and_is_recorded(world):
    from certify.records.models import CertifyingOfficial
    from tests.conftest import make_user

    second = CertifyingOfficial.objects.create(
        user=make_user("second@example.org"),
        agency=world.agency_a,
        title="Captain",
        designation_date="2024-02-01",
    )
    req = assign(world, world.advocate_request)
    req = assign(world, req, official=second)
    assert req.status == Status.ASSIGNED and req.assigned_official == second
    assert list(Assignment.objects.values_list("official_id", flat=True)) == [
        world.official_a.pk,
        second.pk,
    ]


def test_the_assigned_official_is_told_after_commit_and_only_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        req = assign(world, world.advocate_request)
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == [world.users["official"].email]
    assert message.subject == "A request has been assigned to you"
    assert "José" not in message.body and req.reference in message.body
    # django-q delivers at least once: the same task again sends nothing.
    event = req.events.last()
    assert tasks.notify_event(event.pk) == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_a_rolled_back_move_tells_no_one(world, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionError),
    ):
        transition(world.advocate_request, move="certify", actor=world.users["official"])
    assert callbacks == []
    assert mail.outbox == []


def test_the_requester_hears_of_the_decision_but_not_of_their_own_moves(
    world, django_capture_on_commit_callbacks
):
    req = assign(world, world.advocate_request)
    transition(req, move="start_review", actor=world.users["official"])
    with django_capture_on_commit_callbacks(execute=True):
        transition(req, move="request_info", actor=world.users["official"], note="Date?")
        transition(req, move="answer_info", actor=world.users["advocate"])
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (world.users["advocate"].email, "There is an update on your request"),
        (world.users["official"].email, "There is a reply on a request"),
    ]


def test_a_move_notice_that_failed_is_retried_by_the_sweep(
    world, django_capture_on_commit_callbacks, monkeypatch, time_machine
):
    from datetime import timedelta

    from django.utils import timezone

    from workflows import notices

    time_machine.move_to(timezone.now(), tick=False)

    def down(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(notices, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        assign(world, world.advocate_request)
    claim = NoticeClaim.objects.get(kind=NoticeKind.ASSIGNED)
    assert claim.sent_at is None and claim.last_error == "ConnectionRefusedError"
    monkeypatch.undo()
    time_machine.move_to(timezone.now() + timedelta(minutes=15), tick=False)
    assert tasks.sweep()["event_sent"] == 1
    assert tasks.sweep()["event_sent"] == 0
    assert [m.subject for m in mail.outbox] == ["A request has been assigned to you"]
