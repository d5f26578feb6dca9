"""The coordinator's jurisdiction check: accept and assign, forward to the agency whose case it
is, or return to the requester with the reasons."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from certify.records.models import AgencyMembership, CertificationRequest
from tests.conftest import make_user
from workflows.deadlines import agency_today

Status = CertificationRequest.Status


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator"])
    return client


def _accept(client, req, **data):
    return client.post(
        reverse("workspace_accept", args=[req.reference]), {"version": req.version, **data}
    )


def test_the_request_page_offers_the_check_and_the_page_proposes_the_next_official(
    coordinator, world
):
    req = world.advocate_request
    page = coordinator.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert reverse("workspace_accept", args=[req.reference]) in page
    response = coordinator.get(reverse("workspace_accept", args=[req.reference]))
    html = response.content.decode()
    assert "Is this request for your agency?" in html
    assert "San Francisco, San Francisco, CA" in html
    assert response.context["form"]["official"].initial == world.official_a
    # Agency B takes requests on certify; agency A is the request's own and is not offered.
    offered = list(response.context["form"].fields["agency"].queryset)
    assert offered == [world.agency_b]


def test_accepting_assigns_the_official(coordinator, world):
    req = world.advocate_request
    response = _accept(coordinator, req, decision="ours", official=world.official_a.pk)
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED and req.assigned_official == world.official_a


def test_forwarding_moves_the_request_and_starts_the_other_agencys_clock(
    coordinator, world, client, django_capture_on_commit_callbacks
):
    req = world.advocate_request
    b_coordinator = make_user("b.coordinator@example.org")
    AgencyMembership.objects.create(user=b_coordinator, agency=world.agency_b, role="coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(
            coordinator,
            req,
            decision="forward",
            agency=world.agency_b.pk,
            reasons="The assault happened in Seattle.",
        )
    assert response.status_code == 302 and response["Location"] == reverse("agency_queue")
    req.refresh_from_db()
    assert req.agency == world.agency_b and req.status == Status.RECEIVED
    assert req.received_on == agency_today(world.agency_b.time_zone)
    assert req.assigned_official is None
    event = req.events.last()
    assert event.kind == "forward" and event.note == "The assault happened in Seattle."
    # Agency B's coordinators hear of a new request, the advocate of the move; nobody is told
    # anything of the victim.
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert [to for to, _subject in sent] == ["advocate@example.org", "b.coordinator@example.org"]
    assert all("José" not in m.body and "Seattle" not in m.body for m in mail.outbox)
    # Agency A no longer sees it; agency B does.
    assert coordinator.get(reverse("request_detail", args=[req.reference])).status_code == 404
    client.force_login(world.users["other_official"])
    client.force_login(b_coordinator)
    html = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "forwarded to another agency" in html and "The assault happened in Seattle." in html


def test_returning_closes_the_request_and_the_advocate_can_copy_it(
    coordinator, world, client, django_capture_on_commit_callbacks
):
    req = world.advocate_request
    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(coordinator, req, decision="return", reasons="Not in our county.")
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.RETURNED and req.closed_at is not None and not req.is_open
    assert [m.to for m in mail.outbox] == [["advocate@example.org"]]
    client.force_login(world.users["advocate"])
    html = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "The agency says this is not its case" in html and "Not in our county." in html
    assert reverse("wizard_copy", args=[req.reference]) in html


def test_a_victim_whose_request_is_returned_is_offered_a_new_one(world, client):
    req = world.victim_request
    client.force_login(world.users["coordinator"])
    _accept(client, req, decision="return", reasons="Not in our county.")
    client.force_login(world.users["victim"])
    html = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "Not in our county." in html and reverse("wizard_new") in html
    assert "returned the request as not its case: no deadline applies" in html
    assert "withdrawn" not in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "decision", "Say whether the request is for your agency"),
        ({"decision": "ours"}, "official", "Choose the official who will review the request."),
        ({"decision": "forward", "reasons": "Seattle."}, "agency", "Choose the agency to"),
        ({"decision": "return", "reasons": " "}, "reasons", "Write why the request is not"),
    ],
)
def test_a_missing_answer_is_named_and_nothing_moves(coordinator, world, data, field, message):
    req = world.advocate_request
    response = _accept(coordinator, req, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    anchors = [anchor for anchor, _text in response.context["errors"]]
    assert anchors == [f"id_{field}"] or anchors == [f"id_{field}_0"]
    req.refresh_from_db()
    assert req.status == Status.RECEIVED and req.agency == world.agency_a


def test_an_agency_that_does_not_certify_the_form_is_not_offered(coordinator, world):
    world.agency_b.certifies_u = False
    world.agency_b.save()
    req = world.advocate_request
    response = _accept(
        coordinator, req, decision="forward", agency=world.agency_b.pk, reasons="Seattle."
    )
    assert response.status_code == 200
    assert "Choose an agency that takes requests on certify." in response.content.decode()
    req.refresh_from_db()
    assert req.agency == world.agency_a


def test_a_page_loaded_before_someone_else_acted_keeps_the_reasons(coordinator, world):
    req = world.advocate_request
    response = coordinator.post(
        reverse("workspace_accept", args=[req.reference]),
        {"version": req.version - 1, "decision": "return", "reasons": "Not in our county."},
    )
    assert response.status_code == 200
    assert "Someone else changed this request" in response.content.decode()
    assert response.context["form"]["reasons"].value() == "Not in our county."
    req.refresh_from_db()
    assert req.status == Status.RECEIVED


@pytest.mark.parametrize(
    ("data", "status_shown"),
    [
        ({"decision": "ours"}, "Assigned to an official"),
        ({"decision": "return", "reasons": "Not ours."}, "Returned by the agency: not its case"),
    ],
)
def test_a_request_no_longer_waiting_goes_back_to_its_page_saying_its_status(
    coordinator, world, data, status_shown
):
    req = world.advocate_request
    if data["decision"] == "ours":
        data = {**data, "official": world.official_a.pk}
    _accept(coordinator, req, **data)
    response = coordinator.get(reverse("workspace_accept", args=[req.reference]), follow=True)
    assert response.redirect_chain == [(reverse("request_detail", args=[req.reference]), 302)]
    said = [str(m) for m in response.context["messages"]][-1]
    assert (
        said == f"This request is no longer waiting to be accepted. Its status is: {status_shown}."
    )


def test_another_agency_and_the_requester_side_cannot_use_the_check(client, world):
    req = world.advocate_request
    for persona, status in (("other_official", 404), ("advocate", 403), ("official", 403)):
        client.force_login(world.users[persona])
        response = client.post(
            reverse("workspace_accept", args=[req.reference]),
            {"version": req.version, "decision": "return", "reasons": "No."},
        )
        assert response.status_code == status, persona
    req.refresh_from_db()
    assert req.status == Status.RECEIVED


def test_the_returned_request_keeps_no_running_clock(world, coordinator):
    from workflows.clock import CLOSED, clock_for

    req = world.advocate_request
    _accept(coordinator, req, decision="return", reasons="Not ours.")
    req.refresh_from_db()
    assert clock_for(req).phase == CLOSED
    assert date.today() >= req.received_on
