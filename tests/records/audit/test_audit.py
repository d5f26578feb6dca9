import pytest
from django.urls import reverse

from certify.records import documents
from certify.records.models import AuditEntry
from tests.support.samples import TINY_PDF


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


# --- append-only on every path, and a chain that shows a removed or altered entry ------------


def test_no_manager_or_bulk_path_changes_an_audit_entry_or_event(world):
    from certify.records.models import RequestEvent

    for model in (AuditEntry, RequestEvent):
        for manager in (model.objects, model._base_manager, model._default_manager):
            with pytest.raises(PermissionError):
                manager.all().update(pk=1)
            with pytest.raises(PermissionError):
                manager.all().delete()
            with pytest.raises(PermissionError):
                manager.all()._raw_delete(manager.db)
        first = model.objects.first()
        with pytest.raises(PermissionError):
            model.objects.bulk_update([first], ["created_at"])
    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionError):
        AuditEntry.objects.bulk_create(
            [AuditEntry(pk=entry.pk, action="view", object_type="X", object_id="1")],
            update_conflicts=True,
            update_fields=["object_type"],
            unique_fields=["id"],
        )
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update_or_create(
            pk=entry.pk, defaults={"detail": "forged"}
        )
    assert AuditEntry.objects.get(pk=entry.pk).object_type == entry.object_type


def test_each_audit_entry_carries_the_hash_of_the_one_before(world):
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) >= 2
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.entry_hash
        assert after.entry_hash == after.compute_hash()


def tamper(sql: str, params=()) -> None:
    """Change the table behind the application's back, as a database owner could."""
    from django.db import DatabaseError, connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            try:
                cursor.execute("SET LOCAL session_replication_role = replica")
            except DatabaseError:
                pytest.skip("the test role cannot bypass the triggers (as intended)")
        cursor.execute(sql, params)


def run_verify_audit() -> tuple[int, str]:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=out)
    except CommandError as error:
        return 1, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_verify_audit_finds_a_removed_entry(world):
    from certify.records import audit

    for n in range(5):
        audit.record(
            actor=world.users["official"], action="view", obj=world.agency_a, detail=f"{n}"
        )
    code, output = run_verify_audit()
    assert code == 0 and "intact" in output
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    removed = ids[-3]
    tamper("DELETE FROM certify_auditentry WHERE id = %s", [removed])
    code, output = run_verify_audit()
    assert code != 0
    assert f"entry {ids[-2]}" in output  # the first entry whose link no longer holds


def test_verify_audit_finds_an_altered_entry(world):
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    tamper("UPDATE certify_auditentry SET detail = 'forged' WHERE id = %s", [ids[1]])
    code, output = run_verify_audit()
    assert code != 0
    assert f"entry {ids[1]}" in output
