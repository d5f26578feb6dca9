"""Audit entries are chained by hash and may carry a reason; no session switch opens the
append-only tables any more.

Before this migration the trigger let any session that ran `SET LOCAL certify.allow_rewrap`
(or `certify.allow_purge`) rewrite rows. Now:

- an UPDATE of an event passes the trigger only when it changes nothing but the encrypted
  note, and only when it runs as the role that owns the table. The application role does not
  own it (README, "Database roles"); it reaches the two permitted changes through SECURITY
  DEFINER functions owned by the owner: `certify_rewrap_event_note` (key rotation: the same
  row, a new Fernet token, only if the row still holds the old one) and
  `certify_blank_event_notes` (the retention purge, only for a closed request or a draft);
- audit entries accept no UPDATE or DELETE at all;
- existing entries are linked into the hash chain (certify.records.models.AuditEntry).
"""

import datetime
import hashlib
import ipaddress
import json

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION certify_refuse_change() RETURNS trigger AS $$
DECLARE
    owner name;
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'certify_requestevent' THEN
        SELECT pg_get_userbyid(relowner) INTO owner FROM pg_class WHERE oid = TG_RELID;
        -- Only the owner (directly, or through the SECURITY DEFINER functions below) may
        -- change an event, and then only its encrypted note.
        IF current_user = owner AND (to_jsonb(NEW) - 'note') = (to_jsonb(OLD) - 'note') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION certify_rewrap_event_note(event_id bigint, old_note text, new_note text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    changed integer;
BEGIN
    IF old_note IS NULL OR old_note = '' OR new_note IS NULL OR new_note NOT LIKE 'gAAAAA%' THEN
        RETURN false;
    END IF;
    UPDATE certify_requestevent SET note = new_note WHERE id = event_id AND note = old_note;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed = 1;
END;
$$;

CREATE OR REPLACE FUNCTION certify_blank_event_notes(for_request bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    changed integer;
BEGIN
    UPDATE certify_requestevent SET note = ''
    WHERE request_id = for_request AND note <> ''
      AND EXISTS (
          SELECT 1 FROM certify_certificationrequest r
          WHERE r.id = for_request
            AND r.status IN ('draft', 'certified', 'denied', 'withdrawn', 'cert_withdrawn')
      );
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$$;

REVOKE ALL ON FUNCTION certify_rewrap_event_note(bigint, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION certify_blank_event_notes(bigint) FROM PUBLIC;
"""

# 0007's version, for going back.
PREVIOUS = """
DROP FUNCTION IF EXISTS certify_rewrap_event_note(bigint, text, text);
DROP FUNCTION IF EXISTS certify_blank_event_notes(bigint);
CREATE OR REPLACE FUNCTION certify_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('certify.allow_rewrap', true) = 'on' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'certify_requestevent'
       AND current_setting('certify.allow_purge', true) = 'on'
       AND NEW.note = ''
       AND NEW.id = OLD.id
       AND NEW.request_id = OLD.request_id
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.kind = OLD.kind
       AND NEW.from_status = OLD.from_status
       AND NEW.to_status = OLD.to_status
       AND NEW.created_at = OLD.created_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _hash(row, prev: str) -> str:
    # Frozen copy of AuditEntry.compute_hash as it stands in this migration.
    created = row.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=datetime.UTC)
    content = {
        "prev": prev,
        "actor_id": row.actor_id,
        "actor_label": row.actor_label,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": str(row.object_id),
        "request_reference": row.request_reference,
        "detail": row.detail,
        "reason": row.reason,
        "ip_address": str(ipaddress.ip_address(row.ip_address)) if row.ip_address else "",
        "created_at": created.astimezone(datetime.UTC).isoformat(),
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def link_existing(apps, schema_editor):
    AuditEntry = apps.get_model("certify", "AuditEntry")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE certify_auditentry DISABLE TRIGGER USER")
    prev = ""
    for row in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        digest = _hash(row, prev)
        AuditEntry.objects.filter(pk=row.pk).update(prev_hash=prev, entry_hash=digest)
        prev = digest
    if postgres:
        schema_editor.execute("ALTER TABLE certify_auditentry ENABLE TRIGGER USER")


def functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def previous_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("certify", "0011_closed_at_and_report_indexes")]

    operations = [
        migrations.AlterModelOptions(
            name="auditentry",
            options={
                "base_manager_name": "objects",
                "ordering": ["-created_at", "-id"],
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit entries",
            },
        ),
        migrations.AlterModelOptions(
            name="requestevent",
            options={
                "base_manager_name": "objects",
                "ordering": ["created_at", "id"],
                "verbose_name": "request event",
                "verbose_name_plural": "request events",
            },
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="reason",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.RunPython(link_existing, migrations.RunPython.noop),
        migrations.RunPython(functions, previous_functions),
    ]
