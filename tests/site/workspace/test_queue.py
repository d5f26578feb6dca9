"""The agency queue, accepting and assigning."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.records.models import AuditEntry, CertificationRequest, CertifyingOfficial
from certify.records.selectors import QueueFilters, queue_for
from tests.conftest import make_request, make_user
from tests.support.workspace import assign_and_review
from workflows import review
from workflows.lifecycle import transition

Status = CertificationRequest.Status


@pytest.fixture
def second_official(world):
    user = make_user("second.official@example.org", first_name="Ana", last_name="Ruiz")
    return CertifyingOfficial.objects.create(
        user=user, agency=world.agency_a, title="Sergeant", designation_date="2024-02-01"
    )


def _refs(response):
    return [row["req"].reference for row in response.context["rows"]]


def test_the_queue_lists_the_agencys_open_requests_by_due_date(client, world):
    late = world.victim_request
    CertificationRequest.objects.filter(pk=late.pk).update(due_date=late.due_date - timedelta(60))
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("agency_queue"))
    assert _refs(response) == [late.reference, world.advocate_request.reference]
    assert world.draft.reference not in response.content.decode()
    assert response.context["counts"]["overdue"] == 1
    assert "Overdue" in response.content.decode()


def test_an_official_sees_their_own_requests_first(client, world):
    assign_and_review(world, world.victim_request)
    CertificationRequest.objects.filter(pk=world.victim_request.pk).update(
        due_date=world.advocate_request.due_date + timedelta(10)
    )
    client.force_login(world.users["official"])
    response = client.get(reverse("agency_queue"))
    assert _refs(response)[0] == world.victim_request.reference
    assert response.context["counts"]["mine"] == 1


def test_filters_narrow_the_queue(client, world):
    CertificationRequest.objects.filter(pk=world.victim_request.pk).update(expedited=True)
    assign_and_review(world)
    client.force_login(world.users["coordinator"])
    assert _refs(client.get(reverse("agency_queue"), {"expedited": "on"})) == [
        world.victim_request.reference
    ]
    assert _refs(client.get(reverse("agency_queue"), {"assignee": "none"})) == [
        world.victim_request.reference
    ]
    mine = client.get(reverse("agency_queue"), {"assignee": str(world.official_a.pk)})
    assert _refs(mine) == [world.advocate_request.reference]
    assert _refs(client.get(reverse("agency_queue"), {"status": "in_review"})) == [
        world.advocate_request.reference
    ]
    assert _refs(client.get(reverse("agency_queue"), {"form": "T"})) == []


def test_queue_for_counts_every_open_request_whatever_the_filters(world):
    assign_and_review(world)
    queue = queue_for(user=world.users["official"], filters=QueueFilters(form="T"))
    assert list(queue.requests) == []
    assert queue.counts == {"open": 2, "unassigned": 1, "expedited": 0, "mine": 1, "overdue": 0}


def test_queue_for_narrows_to_one_status_even_a_closed_one(world):
    CertificationRequest.objects.filter(pk=world.victim_request.pk).update(status=Status.DENIED)
    user = world.users["coordinator"]
    assert [r.pk for r in queue_for(user=user).requests] == [world.advocate_request.pk]
    denied = queue_for(user=user, filters=QueueFilters(status=Status.DENIED))
    assert [r.pk for r in denied.requests] == [world.victim_request.pk]


def test_queue_for_lets_coordinators_assign_and_officials_not(world):
    assert queue_for(user=world.users["coordinator"]).can_assign
    assert queue_for(user=world.users["lead"]).can_assign
    assert not queue_for(user=world.users["official"]).can_assign


def test_queue_for_shows_nothing_outside_the_persons_agencies(world):
    queue = queue_for(user=world.users["advocate"])
    assert list(queue.requests) == []
    assert queue.counts["open"] == 0 and not queue.can_assign


def test_the_queue_of_an_agency_without_officials_counts_its_overdue_requests(client, world):
    CertifyingOfficial.objects.filter(agency=world.agency_a).update(active=False)
    late = world.victim_request
    CertificationRequest.objects.filter(pk=late.pk).update(due_date=date(2024, 1, 2))
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("agency_queue"))
    assert response.status_code == 200
    assert response.context["counts"]["overdue"] == 1


def test_another_agencys_official_sees_none_of_agency_a(client, world):
    client.force_login(world.users["other_official"])
    response = client.get(reverse("agency_queue"))
    assert response.status_code == 200
    assert _refs(response) == []


def test_assigning_proposes_the_round_robin_and_records_it(client, world, second_official):
    client.force_login(world.users["coordinator"])
    url = reverse("workspace_assign", args=[world.advocate_request.reference])
    page = client.get(url)
    # Never assigned, the older designation first: the round robin proposes official A.
    assert page.context["form"].initial["official"] == world.official_a
    response = client.post(
        url,
        {"official": second_official.pk, "version": world.advocate_request.version},
    )
    assert response.status_code == 302
    world.advocate_request.refresh_from_db()
    assert world.advocate_request.assigned_official == second_official
    assert world.advocate_request.status == Status.ASSIGNED
    assert AuditEntry.objects.filter(
        request_reference=world.advocate_request.reference, action="transition"
    ).exists()


def test_assigning_a_submitted_request_accepts_it_first(client, world):
    req = make_request(
        created_by=world.users["advocate"],
        filed_by="advocate",
        agency=world.agency_a,
        organisation=world.org_x,
    )
    transition(req, move="submit", actor=world.users["advocate"])
    review.assign_request(req, actor=world.users["coordinator"], official=world.official_a)
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED
    assert req.due_date is not None  # the clock started on acceptance
    assert list(req.events.values_list("kind", flat=True)) == ["submit", "receive", "assign"]


def test_an_official_of_another_agency_cannot_be_assigned(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("workspace_assign", args=[world.advocate_request.reference]),
        {"official": world.official_b.pk, "version": world.advocate_request.version},
    )
    assert response.status_code == 200
    assert "Choose one of the agency" in response.content.decode()
    world.advocate_request.refresh_from_db()
    assert world.advocate_request.assigned_official is None


def test_a_stale_assignment_keeps_the_choice_and_shows_what_changed(client, world, second_official):
    client.force_login(world.users["coordinator"])
    url = reverse("workspace_assign", args=[world.advocate_request.reference])
    loaded = client.get(url).context["form"].initial
    # Meanwhile a colleague assigns it to official A.
    review.assign_request(
        world.advocate_request, actor=world.users["lead"], official=world.official_a
    )
    response = client.post(
        url,
        {
            "official": second_official.pk,
            "version": loaded["version"],
            "seen_event": loaded["seen_event"],
        },
    )
    assert response.status_code == 200
    assert "Someone else changed this request" in response.content.decode()
    assert [e.kind for e in response.context["changes"]] == ["assign"]
    form = response.context["form"]
    assert form["official"].value() == str(second_official.pk)
    world.advocate_request.refresh_from_db()
    assert world.advocate_request.assigned_official == world.official_a
    assert int(form["version"].value()) == world.advocate_request.version


def _open_requests(world, count: int, start: int) -> None:
    CertificationRequest.objects.bulk_create(
        CertificationRequest(
            reference=f"Q{i:07d}",
            form="U",
            status=Status.RECEIVED,
            created_by=world.users["victim"],
            filed_by="victim",
            agency=world.agency_a,
            due_date=date(2025, 1, 1) + timedelta(days=i % 90),
        )
        for i in range(start, start + count)
    )


def _queries(client, url: str, data=None) -> tuple[int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("page", ["agency_queue", "request_list"])
def test_a_list_runs_the_same_queries_for_10_and_1000_requests_and_pages_by_due_date(
    client, world, page, time_machine
):
    from certify.records.selectors import PAGE_SIZE

    # Staff sessions record the second of their last request (the idle sign-out); with the
    # clock still, that write does not land in one measurement and not in another.
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(world.users["coordinator"])
    _open_requests(world, 10, 0)
    _queries(client, reverse(page))  # the first page of a session also writes the session
    few, _ = _queries(client, reverse(page))
    _open_requests(world, 990, 10)
    many, response = _queries(client, reverse(page))
    assert many == few
    rows = response.context["rows"] if page == "agency_queue" else response.context["requests"]
    first = [row["req"] if page == "agency_queue" else row for row in rows]
    assert len(first) == PAGE_SIZE
    assert [r.due_date for r in first] == sorted(r.due_date for r in first)
    after = response.context["next_after"]
    later, response = _queries(client, reverse(page), {"after": after})
    assert later == few
    rows = response.context["rows"] if page == "agency_queue" else response.context["requests"]
    second = [row["req"] if page == "agency_queue" else row for row in rows]
    assert not {r.pk for r in first} & {r.pk for r in second}
    assert first[-1].due_date <= second[0].due_date


def test_a_list_treats_a_broken_page_key_as_the_first_page(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("agency_queue"), {"after": "x.2025-13-45.<script>"})
    assert response.status_code == 200
    assert _refs(response)


def test_the_queue_is_searched_by_reference_or_whole_name_never_through_the_url(client, world):
    client.force_login(world.users["coordinator"])
    both = {world.victim_request.reference, world.advocate_request.reference}
    by_name = client.post(reverse("agency_queue"), {"q": "José Peña Núñez"})
    assert set(_refs(by_name)) == both
    by_reference = client.post(reverse("agency_queue"), {"q": world.victim_request.reference})
    assert _refs(by_reference) == [world.victim_request.reference]
    assert _refs(client.post(reverse("agency_queue"), {"q": "Peña"})) == []
    # A search in a URL is dropped: the whole queue shows.
    assert set(_refs(client.get(reverse("agency_queue"), {"q": "Nobody Atall"}))) == both
