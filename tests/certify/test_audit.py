import pytest
from django.urls import reverse

from certify.records import documents
from certify.records.models import AuditEntry
from tests.certify.samples import TINY_PDF


@pytest.fixture
def stored_document(world, tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    return documents.store(
        actor=world.users["advocate"],
        certification_request=world.advocate_request,
        kind="police_report",
        content=TINY_PDF,
        original_name="José report.pdf",
    )


def test_viewing_a_request_writes_an_audit_entry(client, world):
    official = world.users["official"]
    client.force_login(official)
    reference = world.advocate_request.reference
    response = client.get(reverse("request_detail", args=[reference]), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="view", request_reference=reference).latest("id")
    assert entry.actor_id == official.pk
    assert entry.actor_label == official.email
    assert entry.object_type == "CertificationRequest"
    assert entry.ip_address == "203.0.113.9"


def test_downloading_a_document_writes_an_audit_entry(client, world, stored_document):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    url = reverse("document_download", args=[world.advocate_request.reference, stored_document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == TINY_PDF
    assert "José" not in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="download", object_id=str(stored_document.pk))
    assert entry.actor_id == coordinator.pk


def test_a_refused_view_writes_no_read_entry(client, world):
    client.force_login(world.users["other_official"])
    response = client.get(reverse("request_detail", args=[world.advocate_request.reference]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(
        action="view", actor_id=world.users["other_official"].pk
    ).exists()


def test_audit_entries_hold_no_personal_data(client, world):
    client.force_login(world.users["advocate"])
    client.get(reverse("request_detail", args=[world.advocate_request.reference]))
    for entry in AuditEntry.objects.all():
        text = " ".join(str(v) for v in entry.__dict__.values())
        assert "José" not in text and "Peña" not in text


def test_audit_entries_cannot_be_changed_or_deleted(world):
    entry = AuditEntry.objects.first()
    entry.detail = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(detail="x")


def test_the_admin_shows_audit_entries_read_only(client, world):
    client.force_login(world.users["admin"])
    entry = AuditEntry.objects.first()
    assert client.get(reverse("admin:certify_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:certify_auditentry_add")).status_code == 403
    response = client.post(
        reverse("admin:certify_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_behind_our_proxy_the_audit_records_the_client_not_the_proxy(client, world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(world.users["official"])
    reference = world.advocate_request.reference
    client.get(
        reverse("request_detail", args=[reference]),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",  # the first entry is the client's own
    )
    entry = AuditEntry.objects.filter(action="view", request_reference=reference).latest("id")
    assert entry.ip_address == "203.0.113.9"
