"""Retention: after the period, personal data and documents go; the figures stay."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.records import documents
from certify.records.models import (
    AuditEntry,
    CertificationRequest,
    FamilyMember,
    RequestEvent,
    SupportingDocument,
)
from tests.conftest import make_request
from tests.support.samples import TINY_PDF
from workflows import retention
from workflows.lifecycle import transition


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    return tmp_path


def closed_request(world, *, decided_days_ago: int):
    req = world.advocate_request
    FamilyMember.objects.create(
        request=req, full_name="Ana Peña", relationship="child", date_of_birth=date(2012, 1, 1)
    )
    documents.store(
        actor=world.users["advocate"],
        certification_request=req,
        kind="police_report",
        content=TINY_PDF,
        original_name="Ana Peña police report.pdf",
    )
    req.a_number = "A123456789"
    req.crime_dates = ["2025-01-02"]
    req.save()
    decided_at = timezone.now() - timedelta(days=decided_days_ago)
    # As the lifecycle's deny would: the retention period runs from closed_at.
    CertificationRequest.objects.filter(pk=req.pk).update(
        status="denied", decided_at=decided_at, closed_at=decided_at
    )
    RequestEvent.objects.create(
        request=req, kind="deny", from_status="in_review", to_status="denied", note="Ana said..."
    )
    return CertificationRequest.objects.get(pk=req.pk)


def test_purge_leaves_the_figures_and_removes_the_data(
    world, private_dir, settings, django_capture_on_commit_callbacks
):
    days = settings.RETENTION_DAYS_AFTER_CLOSE["denied"]
    req = closed_request(world, decided_days_ago=days + 1)
    before = {
        f: getattr(req, f)
        for f in ("status", "form", "agency_id", "organisation_id", "decided_at", "received_on",
                  "submitted_at", "due_date", "crime_state", "crime_county", "reference")
    }  # fmt: skip
    activities = set(req.activities.values_list("pk", flat=True))
    files = list((private_dir / "documents").iterdir())
    assert len(files) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge_expired() == 1

    req = CertificationRequest.objects.get(pk=req.pk)
    assert {f: getattr(req, f) for f in before} == before
    assert set(req.activities.values_list("pk", flat=True)) == activities
    for name in ("family_name", "given_name", "narrative", "a_number", "safe_mailing_address"):
        assert getattr(req, name) == "", name
    assert req.date_of_birth is None and req.other_names == [] and req.crime_dates == []
    assert req.name_index == req.a_number_index == ""
    assert not FamilyMember.objects.filter(request=req).exists()
    assert not SupportingDocument.objects.filter(request=req).exists()
    assert list((private_dir / "documents").iterdir()) == []
    events = list(req.events.all())
    assert all(e.note == "" for e in events)
    assert [e.kind for e in events if e.kind == "deny"] == ["deny"]  # history kept
    assert events[-1].kind == retention.PURGED_EVENT
    assert AuditEntry.objects.filter(detail__startswith="personal data purged").count() == 1
    # A second run finds nothing left to do.
    assert retention.purge_expired() == 0


def test_nothing_is_purged_before_the_period_ends(world, settings):
    days = settings.RETENTION_DAYS_AFTER_CLOSE["denied"]
    req = closed_request(world, decided_days_ago=days - 1)
    assert retention.purge_expired() == 0
    req.refresh_from_db()
    assert req.family_name == "Peña Núñez"
    assert retention.purge_expired(now=timezone.now() + timedelta(days=2)) == 1


def test_open_requests_are_never_purged(world):
    far_future = timezone.now() + timedelta(days=365 * 50)
    assert retention.purge_expired(now=far_future) == 0
    assert CertificationRequest.objects.get(pk=world.victim_request.pk).given_name == "José"


def test_a_withdrawn_request_is_measured_from_its_last_event(world, settings):
    req = transition(world.victim_request, move="withdraw", actor=world.users["victim"])
    days = settings.RETENTION_DAYS_AFTER_CLOSE["withdrawn"]
    assert retention.purge_expired(now=timezone.now() + timedelta(days=days - 1)) == 0
    assert retention.purge_expired(now=timezone.now() + timedelta(days=days + 1)) == 1
    req.refresh_from_db()
    assert req.status == "withdrawn" and req.given_name == ""


def test_a_requester_deletes_a_draft_at_once(client, world):
    client.force_login(world.users["advocate"])
    url = reverse("request_delete", kwargs={"reference": world.draft.reference})
    page = client.get(url)
    assert "Delete this request" in page.content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("request_list")
    assert not CertificationRequest.objects.filter(pk=world.draft.pk).exists()
    assert AuditEntry.objects.filter(detail="draft deleted by the requester").exists()


def test_a_requester_deletes_a_withdrawn_request_and_the_figures_stay(client, world):
    req = transition(world.victim_request, move="withdraw", actor=world.users["victim"])
    client.force_login(world.users["victim"])
    client.post(reverse("request_delete", kwargs={"reference": req.reference}))
    req.refresh_from_db()
    assert req.status == "withdrawn" and req.given_name == "" and req.agency_id
    assert retention.is_purged(req)
    # Done once: the page is gone for it afterwards.
    again = client.get(reverse("request_delete", kwargs={"reference": req.reference}))
    assert again.status_code == 404


def test_the_agency_cannot_delete_and_an_open_request_cannot_be_deleted(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("request_delete", kwargs={"reference": world.draft.reference})
    assert client.post(url).status_code == 404
    client.force_login(world.users["victim"])
    open_url = reverse("request_delete", kwargs={"reference": world.victim_request.reference})
    assert client.post(open_url).status_code == 404
    assert CertificationRequest.objects.get(pk=world.victim_request.pk).given_name == "José"


def test_a_second_helper_draft_with_history_keeps_its_row(world):
    draft = make_request(created_by=world.users["victim"], filed_by="victim", agency=None)
    RequestEvent.objects.create(request=draft, kind="note", note="private")
    retention.delete_now(draft, actor=world.users["victim"])
    draft.refresh_from_db()
    assert retention.is_purged(draft) and draft.family_name == ""


def test_a_request_closes_when_it_reaches_a_closed_status_and_reopens_on_reconsideration(world):
    req = closed_request(world, decided_days_ago=10)
    req = transition(
        req, move="ask_reconsideration", actor=world.users["advocate"], note="New evidence."
    )
    assert req.status == "reconsideration" and req.closed_at is None
    withdrawn = transition(world.victim_request, move="withdraw", actor=world.users["victim"])
    assert withdrawn.closed_at is not None
    assert withdrawn.closed_at == withdrawn.events.get(kind="withdraw").created_at


def test_the_migration_dates_closed_requests_from_the_event_that_closed_them(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "certify.records.migrations.0011_closed_at_and_report_indexes"
    )
    withdrawn = transition(world.victim_request, move="withdraw", actor=world.users["victim"])
    closed = withdrawn.events.get(kind="withdraw").created_at
    decided = timezone.now() - timedelta(days=400)
    CertificationRequest.objects.filter(pk=withdrawn.pk).update(closed_at=None)
    CertificationRequest.objects.filter(pk=world.advocate_request.pk).update(
        status="denied", decided_at=decided, closed_at=None
    )
    migration.backfill_closed_at(apps, None)
    assert CertificationRequest.objects.get(pk=withdrawn.pk).closed_at == closed
    # No event reached "denied": the decision dates it.
    assert CertificationRequest.objects.get(pk=world.advocate_request.pk).closed_at == decided
    assert CertificationRequest.objects.get(pk=world.draft.pk).closed_at is None
