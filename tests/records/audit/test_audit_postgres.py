"""On PostgreSQL the database itself keeps the audit trail and request events append-only.

The suite in CI runs as an application role that neither owns these tables nor may truncate
them or change their triggers (.ci/run sets CERTIFY_EXPECT_APP_ROLE=1 for that run); a
developer's run as the owner checks the triggers only.
"""

import os

import pytest
from django.db import DatabaseError, connection, transaction

from certify.records.models import AuditEntry, RequestEvent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL roles and triggers"
)

TABLES = ("certify_auditentry", "certify_requestevent")


def refused(*statements: str, params=()) -> str:
    """Run the statements in one transaction; the last must fail. Names here are fixed."""
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cur:
        for statement in statements[:-1]:
            cur.execute(statement)
        cur.execute(statements[-1], params)
    return str(error.value)


def test_no_session_switch_lets_anyone_rewrite_an_entry(world):
    entry = AuditEntry.objects.order_by("id").first()
    event = RequestEvent.objects.order_by("id").first()
    for switch in ("certify.allow_rewrap", "certify.allow_purge"):
        refused(
            f"SET LOCAL {switch} = 'on'",
            "UPDATE certify_auditentry SET detail = 'forged' WHERE id = %s",
            params=[entry.pk],
        )
        refused(
            f"SET LOCAL {switch} = 'on'",
            "UPDATE certify_requestevent SET kind = 'forged' WHERE id = %s",
            params=[event.pk],
        )
    entry_after = AuditEntry.objects.get(pk=entry.pk)
    assert entry_after.detail == entry.detail
    assert RequestEvent.objects.get(pk=event.pk).kind == event.kind


def test_the_rewrap_function_changes_only_the_ciphertext(world):
    event = RequestEvent.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM certify_requestevent WHERE id = %s", [event.pk])
        (note,) = cursor.fetchone()
    # A stale token (not what the row holds) changes nothing.
    with connection.cursor() as cursor:
        cursor.execute("SELECT certify_rewrap_event_note(%s, %s, %s)", [event.pk, "stale", "x"])
        assert cursor.fetchone()[0] is False
        cursor.execute("SELECT note FROM certify_requestevent WHERE id = %s", [event.pk])
        assert cursor.fetchone()[0] == note


@pytest.mark.skipif(
    os.environ.get("CERTIFY_EXPECT_APP_ROLE") != "1",
    reason="the suite runs as the owner role here; .ci/run runs it as the application role",
)
def test_the_application_role_cannot_update_delete_or_truncate_the_audit_or_event_tables(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (role,) = cursor.fetchone()
        for table in TABLES:
            cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", [table])
            (owner,) = cursor.fetchone()
            assert owner != role, f"{role} owns {table}"
            for privilege in ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER"):
                cursor.execute("SELECT has_table_privilege(%s, %s)", [table, privilege])
                assert cursor.fetchone()[0] is False, f"{role} has {privilege} on {table}"
    for table in TABLES:
        update = f"UPDATE {table} SET created_at = created_at"  # noqa: S608 - fixed names
        assert "permission denied" in refused(update)
        assert "permission denied" in refused(f"DELETE FROM {table}")  # noqa: S608
        assert "permission denied" in refused(f"TRUNCATE {table}")
        assert "owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    assert AuditEntry.objects.exists() and RequestEvent.objects.exists()
