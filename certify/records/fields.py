"""Model fields whose values are encrypted in the database, field by field.

The column holds a Fernet token (text). Python code sees ordinary values: str, date or JSON.
Encrypted columns cannot be filtered or ordered; pair them with a blind-index column where an
exact-match lookup is needed (see certify.records.crypto.blind_index).
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Model

from certify.records import crypto

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.expressions import Expression

    # django-stubs types a field by what may be assigned to it and what is read back. Django's
    # classes take no subscript at run time, so only the checker sees the parametrised bases.
    _TextBase = models.TextField[str, str]
    _DateBase = models.DateField[str | datetime.date | None, datetime.date | None]
    # Any JSON value; a model states the shape it keeps by annotating the attribute.
    _JSONBase = models.TextField[Any, Any]
else:
    _TextBase = models.TextField
    _DateBase = models.DateField
    _JSONBase = models.TextField


class EncryptedMixin:
    encrypted = True
    # Set by Field.__init__ on the field class this is mixed into.
    null: bool

    def to_plain(self, value: Any) -> str:
        raise NotImplementedError

    def from_plain(self, value: str) -> object:
        raise NotImplementedError

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> object:
        if value is None or value == "":
            return self.empty_value()
        return self.from_plain(crypto.decrypt_str(value))

    def empty_value(self) -> object:
        return None if self.null else ""

    def get_internal_type(self) -> str:
        return "TextField"


class EncryptedTextField(EncryptedMixin, _TextBase):
    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_str(self.to_plain(value))

    def to_plain(self, value: Any) -> str:
        return str(value)

    def from_plain(self, value: str) -> str:
        return value


class EncryptedDateField(EncryptedMixin, _DateBase):
    def get_prep_value(self, value: Any) -> str | None:
        value = models.Field.get_prep_value(self, value)
        if value in (None, ""):
            return None
        date: datetime.date = self.to_python(value)
        return crypto.encrypt_str(date.isoformat())

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        return self.get_prep_value(value) if not prepared else value

    def from_plain(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)

    def empty_value(self) -> None:
        return None


class EncryptedJSONField(EncryptedMixin, _JSONBase):
    """JSON-serialisable values (lists of names, family members), stored as one token.

    A model states the shape it keeps by annotating the attribute, for example
    `names: "models.Field[list[str], list[str]]" = EncryptedJSONField()`.
    """

    # For django-stubs: any JSON value goes in and comes out (not a TextField's text).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return crypto.encrypt_str(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def from_plain(self, value: str) -> Any:
        return json.loads(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def value_to_string(self, obj: Model) -> str:
        return json.dumps(self.value_from_object(obj))

    def empty_value(self) -> Any:
        return self.get_default()


def encrypted_fields(model: type[Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
