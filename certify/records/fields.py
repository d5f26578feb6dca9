"""Model fields whose values are encrypted in the database, field by field.

The column holds a Fernet token (text). Python code sees ordinary values: str, date or JSON.
Encrypted columns cannot be filtered or ordered; pair them with a blind-index column where an
exact-match lookup is needed (see certify.crypto.blind_index).
"""

import datetime
import json

from django.db import models

from certify.records import crypto


class EncryptedMixin:
    encrypted = True

    def to_plain(self, value) -> str:
        raise NotImplementedError

    def from_plain(self, value: str):
        raise NotImplementedError

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_str(self.to_plain(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return self.empty_value()
        return self.from_plain(crypto.decrypt_str(value))

    def empty_value(self):
        return None if self.null else ""

    def get_internal_type(self) -> str:
        return "TextField"


class EncryptedTextField(EncryptedMixin, models.TextField):
    def to_plain(self, value) -> str:
        return str(value)

    def from_plain(self, value: str) -> str:
        return value


class EncryptedDateField(EncryptedMixin, models.DateField):
    def get_prep_value(self, value):
        value = models.Field.get_prep_value(self, value)
        if value in (None, ""):
            return None
        value = self.to_python(value)
        return crypto.encrypt_str(value.isoformat())

    def get_db_prep_value(self, value, connection, prepared=False):
        return self.get_prep_value(value) if not prepared else value

    def from_plain(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)

    def empty_value(self):
        return None


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """JSON-serialisable values (lists of names, family members), stored as one token."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        if value is None:
            return None
        return crypto.encrypt_str(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def from_plain(self, value: str):
        return json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))

    def empty_value(self):
        return self.get_default()


def encrypted_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
