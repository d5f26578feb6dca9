"""Re-encrypt every encrypted column and stored document with the newest key.

Put the new key first in FIELD_ENCRYPTION_KEYS (keeping the old ones after it), run this, then
drop the old keys. Tokens are re-wrapped as raw column values, never decoded into model
instances, so no save() logic (or append-only guard) runs on the way.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Model

from certify.records import crypto, documents
from certify.records.fields import encrypted_fields
from certify.records.models import SupportingDocument


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields and stored documents with the first key."

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            # A concrete field always has its column; the test is for the type checker.
            columns = [f.column for f in encrypted_fields(model) if f.column is not None]
            if columns:
                count = self._rotate_table(model, columns)
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        files = 0
        for document in SupportingDocument.objects.iterator():
            documents.rotate(document)
            files += 1
        self.stdout.write(f"documents: {files} files re-encrypted")
        self.stdout.write(self.style.SUCCESS("Key rotation complete."))

    def _rotate_table(self, model: type[Model], columns: list[str]) -> int:
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        pk_column = model._meta.pk.column
        assert pk_column is not None  # a primary key always has its column
        pk = quote(pk_column)
        names = ", ".join(quote(c) for c in columns)
        assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The append-only trigger lets a re-wrap through only when asked for by name.
                cursor.execute("SET LOCAL certify.allow_rewrap = 'on'")
            cursor.execute(f"SELECT {pk}, {names} FROM {table}")  # noqa: S608 - quoted names
            for row_pk, *tokens in cursor.fetchall():
                rotated = [crypto.rotate_token(t.encode()).decode() if t else t for t in tokens]
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                    [*rotated, row_pk],
                )
                count += 1
        return count
