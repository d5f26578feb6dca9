import pytest

from certify.records.models import CertificationRequest, RequestEvent
from tests.conftest import make_request
from workflows.lifecycle import StaleRequestError, TransitionError, transition

Status = CertificationRequest.Status


def assigned(world):
    req = world.advocate_request
    return transition(
        req, move="assign", actor=world.users["coordinator"], assigned_official=world.official_a
    )


def test_receiving_starts_the_statutory_clock(world):
    req = world.advocate_request
    assert req.status == Status.RECEIVED
    assert req.received_on is not None
    assert req.due_date is not None
    # California, U: 30 calendar days from receipt (Penal Code 679.10).
    assert (req.due_date - req.received_on).days == 30
    assert req.clock_rule.startswith("Cal. Penal Code 679.10")
    assert (req.clock_basis, req.clock_trigger) == ("state_law", "standard")
    assert req.clock_source.startswith("https://leginfo.legislature.ca.gov/")


def test_a_full_path_to_certification_leaves_one_event_per_move(world):
    req = assigned(world)
    official = world.users["official"]
    transition(req, move="start_review", actor=official)
    transition(req, move="certify", actor=official, signature_date=req.received_on)
    req.refresh_from_db()
    assert req.status == Status.CERTIFIED
    assert req.decided_at is not None
    kinds = list(req.events.values_list("kind", "from_status", "to_status"))
    assert kinds == [
        ("submit", "draft", "submitted"),
        ("receive", "submitted", "received"),
        ("assign", "received", "assigned"),
        ("start_review", "assigned", "in_review"),
        ("certify", "in_review", "certified"),
    ]
    assert req.version == 6


def test_it_refuses_a_move_from_the_wrong_status(world):
    with pytest.raises(TransitionError, match="cannot be moved that way"):
        transition(world.advocate_request, move="certify", actor=world.users["official"])


def test_it_refuses_an_official_of_another_agency(world):
    req = assigned(world)
    with pytest.raises(TransitionError, match="not allowed"):
        transition(req, move="start_review", actor=world.users["other_official"])


def test_an_advocate_cannot_assign(world):
    with pytest.raises(TransitionError, match="not allowed"):
        transition(
            world.advocate_request,
            move="assign",
            actor=world.users["advocate"],
            assigned_official=world.official_a,
        )


def test_a_denial_needs_written_reasons(world):
    req = assigned(world)
    transition(req, move="start_review", actor=world.users["official"])
    with pytest.raises(TransitionError, match="reasons"):
        transition(req, move="deny", actor=world.users["official"], note="  ")
    transition(req, move="deny", actor=world.users["official"], note="Not helpful.")
    assert RequestEvent.objects.filter(request=req, kind="deny").get().note == "Not helpful."


def test_a_stale_version_is_refused(world):
    req = world.advocate_request
    loaded_version = req.version
    assigned(world)
    with pytest.raises(StaleRequestError):
        transition(
            req,
            move="assign",
            actor=world.users["coordinator"],
            assigned_official=world.official_a,
            expected_version=loaded_version,
        )


def test_the_requester_can_withdraw_before_a_decision(world):
    req = make_request(created_by=world.users["victim"], filed_by="victim", agency=world.agency_a)
    transition(req, move="withdraw", actor=world.users["victim"])
    assert req.status == Status.WITHDRAWN


def test_a_refused_move_changes_nothing(world):
    req = world.advocate_request
    events = req.events.count()
    with pytest.raises(TransitionError):
        transition(req, move="deny", actor=world.users["lead"], note="x")
    req.refresh_from_db()
    assert req.status == Status.RECEIVED
    assert req.events.count() == events


def test_a_live_move_queues_a_notice_but_imported_history_does_not(
    world, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    req = make_request(created_by=world.users["victim"], filed_by="victim", agency=world.agency_a)
    with django_capture_on_commit_callbacks() as live:
        transition(req, move="submit", actor=world.users["victim"])
    assert len(live) == 1
    with django_capture_on_commit_callbacks() as imported:
        transition(req, move="receive", actor=None, at=timezone.now() - timedelta(days=300))
    assert imported == []
