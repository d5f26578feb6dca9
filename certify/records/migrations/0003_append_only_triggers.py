"""On PostgreSQL the database itself refuses to change or delete audit entries and events.

The models refuse too (AppendOnlyModel), but only the database can stop raw SQL or a bulk
update. SQLite, used for development, gets the model-level guard only.
"""

from django.db import migrations

TABLES = ("certify_auditentry", "certify_requestevent")

FUNCTION = """
CREATE OR REPLACE FUNCTION certify_refuse_change() RETURNS trigger AS $$
BEGIN
    -- rotate_keys re-wraps ciphertext in place; it says so for its own transaction only.
    IF TG_OP = 'UPDATE' AND current_setting('certify.allow_rewrap', true) = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION certify_refuse_change();"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS certify_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("certify", "0002_qualifying_activities")]
    operations = [migrations.RunPython(create, drop)]
