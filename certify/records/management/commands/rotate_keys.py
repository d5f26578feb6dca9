"""Re-encrypt every encrypted column, stored document, session and wizard temp file with the
newest key.

Put the new key first in FIELD_ENCRYPTION_KEYS (keeping the old ones after it), run this, then
drop the old keys. Tokens are re-wrapped as raw column values, never decoded into model
instances, so no save() logic runs on the way. The append-only event table is re-wrapped through
certify.records.append_only, which on PostgreSQL changes only the note column, through a
function of the owner role; audit entries hold nothing encrypted.
"""

from pathlib import Path

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Model

from certify.records import append_only, crypto, documents
from certify.records.fields import encrypted_fields
from certify.records.models import AppendOnlyModel, RequestEvent, SupportingDocument
from certify.records.temp_uploads import temp_directory


def _rotate(token: str) -> str:
    return crypto.rotate_token(token.encode()).decode()


def rotate_file(path: Path) -> None:
    rotated = crypto.rotate_token(path.read_bytes())
    tmp = path.with_name(path.name + ".rotating")
    tmp.write_bytes(rotated)
    tmp.chmod(0o600)
    tmp.replace(path)


class Command(BaseCommand):
    help = (
        "Re-encrypt all encrypted fields, documents, sessions and temp uploads with the first key."
    )

    def handle(self, *args: object, **options: object) -> None:
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            if model is RequestEvent:
                count = append_only.rewrap_event_notes(_rotate)
            elif issubclass(model, AppendOnlyModel):
                raise RuntimeError(f"{model.__name__} is append-only and has no re-wrap path")
            else:
                count = self._rotate_table(model, [str(f.column) for f in fields])
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        files = 0
        for document in SupportingDocument.objects.iterator():
            documents.rotate(document)
            files += 1
        self.stdout.write(f"documents: {files} files re-encrypted")
        self.stdout.write(f"sessions: {self._rotate_sessions()} re-encrypted")
        temp = 0
        for path in sorted(temp_directory().iterdir()):
            if path.is_file() and path.suffix == ".enc":
                rotate_file(path)
                temp += 1
        self.stdout.write(f"wizard temp files: {temp} re-encrypted")
        self.stdout.write(self.style.SUCCESS("Key rotation complete."))

    def _rotate_sessions(self) -> int:
        table = connection.ops.quote_name(Session._meta.db_table)
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT session_key, session_data FROM {table}")  # noqa: S608
            for key, data in cursor.fetchall():
                try:
                    fresh = _rotate(data)
                except Exception:  # noqa: BLE001 - an unreadable session is dropped
                    cursor.execute(f"DELETE FROM {table} WHERE session_key = %s", [key])  # noqa: S608
                    continue
                cursor.execute(
                    f"UPDATE {table} SET session_data = %s WHERE session_key = %s",  # noqa: S608
                    [fresh, key],
                )
                count += 1
        return count

    def _rotate_table(self, model: type[Model], columns: list[str]) -> int:
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        assert model._meta.pk is not None
        pk = quote(str(model._meta.pk.column))
        names = ", ".join(quote(c) for c in columns)
        assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {names} FROM {table}")  # noqa: S608 - quoted names
            for row_pk, *tokens in cursor.fetchall():
                rotated = [_rotate(t) if t else t for t in tokens]
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                    [*rotated, row_pk],
                )
                count += 1
        return count
