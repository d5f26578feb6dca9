"""Let the retention purge blank the free-text note of request events, and nothing else.

The append-only trigger (0003) refuses every UPDATE and DELETE on events and audit entries,
except key rotation's re-wrap. Event notes are encrypted free text that can quote the victim,
so the purge must be able to empty them: it asks by name (certify.allow_purge, for its own
transaction only), and even then the trigger accepts only an update that sets the note to ''
on an event row and leaves every other column as it was.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION certify_refuse_change() RETURNS trigger AS $$
BEGIN
    -- rotate_keys re-wraps ciphertext in place; it says so for its own transaction only.
    IF TG_OP = 'UPDATE' AND current_setting('certify.allow_rewrap', true) = 'on' THEN
        RETURN NEW;
    END IF;
    -- workflows.retention empties event notes when it purges a request's personal data.
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

PREVIOUS = """
CREATE OR REPLACE FUNCTION certify_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('certify.allow_rewrap', true) = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("certify", "0006_workspace")]
    operations = [migrations.RunPython(forward, backward)]
