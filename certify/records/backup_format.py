"""A Django serialization format for backups: JSON Lines whose encrypted fields stay encrypted.

Django's own serializers write what Python code sees, so a dump of an encrypted field would be
its plaintext. This one writes each encrypted field as a Fernet token under
FIELD_ENCRYPTION_KEYS (freshly wrapped with the newest key) and, on loading, opens the token so
the model encrypts it again on save. A backup therefore needs FIELD_ENCRYPTION_KEYS to be
restored, as the stored documents do. Registered by certify.records.backup under FORMAT.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.serializers import jsonl
from django.core.serializers.base import DeserializedObject
from django.db import models

from certify.records import crypto
from certify.records.fields import EncryptedMixin, encrypted_fields

FORMAT = "certify-jsonl"


class Serializer(jsonl.Serializer):
    _current: dict[str, Any]

    def handle_field(self, obj: models.Model, field: models.Field[Any, Any]) -> None:
        if isinstance(field, EncryptedMixin):
            # get_prep_value encrypts; empty values ("" or None) stay as they are.
            self._current[field.name] = field.get_prep_value(field.value_from_object(obj))
        else:
            super().handle_field(obj, field)


class Deserializer(jsonl.Deserializer):
    def _handle_object(self, obj: dict[str, Any]) -> Iterator[DeserializedObject]:
        # django-stubs does not describe the Python deserializer's helpers.
        model = self._get_model_from_node(obj["model"])  # type: ignore[attr-defined]
        values = obj.get("fields", {})
        for field in encrypted_fields(model):
            token = values.get(field.name)
            if isinstance(token, str) and token:
                assert isinstance(field, EncryptedMixin)
                values[field.name] = field.from_plain(crypto.decrypt_str(token))
        yield from super()._handle_object(obj)  # type: ignore[misc]
