"""Give the application's PostgreSQL role what it needs, and not the audit trail's keys.

Run as the owner role (the one `migrate` runs as) after every `migrate`:

    DATABASE_URL=postgres://certify_owner@db/certify python manage.py grant_app_role certify_app

The application role may read and write the ordinary tables; on the audit trail and the
request events it may only SELECT and INSERT (no UPDATE, DELETE, TRUNCATE or TRIGGER, and it
owns nothing, so it cannot disable the append-only triggers); it may read but not edit the
migration history; and it may call the two functions that re-wrap or blank an event's
encrypted note (migration 0009). `--print` shows the SQL instead of running it.
"""

import re

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

APPEND_ONLY_TABLES = ("certify_auditentry", "certify_requestevent")
FUNCTIONS = (
    "certify_rewrap_event_note(bigint, text, text)",
    "certify_blank_event_notes(bigint)",
)


def grant_sql(role: str, schema: str = "public") -> list[str]:
    r, s = f'"{role}"', f'"{schema}"'
    tables = ", ".join(APPEND_ONLY_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON django_migrations FROM {r}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {tables} FROM {r}",
        f"GRANT EXECUTE ON FUNCTION {', '.join(FUNCTIONS)} TO {r}",
    ]


class Command(BaseCommand):
    help = "Grant the application's PostgreSQL role its rights (run as the owner role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role")
        parser.add_argument("--print", action="store_true", help="print the SQL only")

    def handle(self, *args: object, role: str, **options: object) -> None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
            raise CommandError("The role name must be lower-case letters, digits and _")
        statements = grant_sql(role)
        if options["print"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        if connection.vendor != "postgresql":
            raise CommandError("Roles exist on PostgreSQL only")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_schema()")
            owner, schema = cursor.fetchone()
            if owner == role:
                raise CommandError("Run this as the owner role, not as the application role")
            for statement in grant_sql(role, schema):
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(f"{role} may use the database; the audit is closed."))
