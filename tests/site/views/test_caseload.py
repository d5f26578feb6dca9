"""The requester's list of requests: names, search, filters, sorting, pages, new and discarded
drafts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certify.records import selectors
from certify.records.crypto import blind_index
from certify.records.models import AuditEntry, CertificationRequest
from tests.conftest import make_request, submit_and_receive

Status = CertificationRequest.Status


def _refs(response) -> list[str]:
    return [req.reference for req in response.context["requests"]]


@pytest.fixture
def advocate(client, world):
    client.force_login(world.users["advocate"])
    return client


@pytest.fixture
def maria(world):
    return submit_and_receive(
        make_request(
            created_by=world.users["advocate"],
            filed_by="advocate",
            agency=world.agency_a,
            organisation=world.advocate_request.organisation,
            family_name="García López",
            given_name="María",
        )
    )


def test_the_list_shows_each_clients_name_and_audits_the_page(advocate, world, maria):
    before = AuditEntry.objects.count()
    page = advocate.get(reverse("request_list")).content.decode()
    assert "María García López" in page
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.action == AuditEntry.Action.VIEW and "client names" in entry.detail
    assert "María" not in entry.detail


@pytest.mark.parametrize(
    "typed",
    [
        "María García López",
        "garcía lópez maría",
        "  GARCÍA LÓPEZ, María ",
        "María Elena García López",
    ],
)
def test_a_client_is_found_by_full_name_in_either_order(advocate, maria, typed):
    assert _refs(advocate.post(reverse("request_list"), {"q": typed})) == [maria.reference]


def test_a_client_is_found_by_reference_prefix_and_a_part_name_finds_nothing(advocate, maria):
    assert _refs(advocate.post(reverse("request_list"), {"q": maria.reference[:6].lower()})) == [
        maria.reference
    ]
    response = advocate.post(reverse("request_list"), {"q": "García"})
    assert _refs(response) == []
    assert "Names are found only whole" in response.content.decode()


def test_a_search_in_the_url_is_ignored(advocate, maria, world):
    # A name never travels in a URL: a GET's search is dropped, the whole list shows.
    response = advocate.get(reverse("request_list"), {"q": "María García López"})
    assert maria.reference in _refs(response)
    assert world.advocate_request.reference in _refs(response)


def test_filters_by_status_agency_and_due_date(advocate, world, maria):
    CertificationRequest.objects.filter(pk=maria.pk).update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    url = reverse("request_list")
    assert _refs(advocate.post(url, {"status": "draft"})) == [world.draft.reference]
    assert _refs(advocate.post(url, {"due": "overdue"})) == [maria.reference]
    assert set(_refs(advocate.post(url, {"agency": world.agency_a.pk, "status": "open"}))) == {
        maria.reference,
        world.advocate_request.reference,
    }
    # An agency outside the person's requests is not a choice: the filter is ignored whole.
    assert advocate.post(url, {"agency": "999999"}).context["form"].errors


@pytest.mark.parametrize("sort", ["due", "newest", "reference"])
def test_each_sort_pages_by_keyset_through_every_request_once(world, maria, sort):
    for n in range(5):
        make_request(
            created_by=world.users["advocate"],
            filed_by="advocate",
            agency=world.agency_a,
            organisation=world.advocate_request.organisation,
            given_name=f"Client{n}",
        )
    user = world.users["advocate"]
    requests = selectors.caseload_for(user=user, filters=selectors.CaseloadFilters(sort=sort))
    everything = [r.reference for r in requests]
    seen, after = [], ""
    for _page in range(10):
        page = selectors.sorted_page(requests, sort=sort, after=after, size=2)
        seen += [r.reference for r in page.rows]
        after = page.next_after
        if not after:
            break
    assert seen == everything and len(set(seen)) == len(everything) == 8


def test_a_broken_page_key_gives_the_first_page(advocate, maria):
    for sort in ("due", "newest", "reference"):
        response = advocate.post(reverse("request_list"), {"sort": sort, "after": "x~<y>"})
        assert response.status_code == 200


def test_the_list_pages_a_large_caseload_with_constant_queries(advocate, world, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    org = world.advocate_request.organisation

    def add(count, start):
        CertificationRequest.objects.bulk_create(
            CertificationRequest(
                reference=f"U-T{i:03d}-{i:04d}",
                form="U",
                status=Status.RECEIVED,
                created_by=world.users["advocate"],
                filed_by="advocate",
                organisation=org,
                agency=world.agency_a,
                family_name=f"Family{i}",
                given_name="Given",
                name_index=blind_index(f"Family{i} Given"),
            )
            for i in range(start, start + count)
        )

    def queries(data):
        with CaptureQueriesContext(connection) as captured:
            response = advocate.post(reverse("request_list"), data)
        assert response.status_code == 200
        return len(captured), response

    # The world's own requests (a draft among them) fall off the first page as rows are added:
    # compare pages of the same kind of row.
    listed = {"sort": "newest", "status": "received"}
    add(10, 0)
    queries(listed)
    few, _ = queries(listed)
    add(990, 10)
    many, response = queries(listed)
    assert many == few, (few, many)
    assert len(response.context["requests"]) == 50
    searched, found = queries({**listed, "q": "Given Family777"})
    assert searched == few
    assert [r.family_name for r in found.context["requests"]] == ["Family777"]


def test_new_request_forgets_the_draft_this_browser_was_on(advocate, world):
    advocate.get(reverse("wizard_resume", args=[world.draft.reference]))
    assert advocate.session["wizard_certify_request"]["extra_data"]["draft"] == world.draft.pk
    response = advocate.post(reverse("wizard_new"))
    assert response.url == reverse("wizard_step", args=["start"])
    assert not advocate.session["wizard_certify_request"]["extra_data"]
    # The draft itself stays, to be continued from the list.
    assert CertificationRequest.objects.filter(pk=world.draft.pk).exists()


def test_a_draft_is_discarded_from_the_list(advocate, world):
    page = advocate.get(reverse("request_list")).content.decode()
    discard = reverse("request_delete", args=[world.draft.reference])
    assert discard in page
    advocate.post(discard)
    assert not CertificationRequest.objects.filter(pk=world.draft.pk).exists()
