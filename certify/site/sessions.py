"""Database sessions whose payload is encrypted with the field keys.

The wizard keeps a victim's answers in the session until a draft is saved; the stock database
backend would store them as readable (signed, base64) JSON in django_session.

A session that is marked modified but whose content is what was loaded (the wizard's storage
sets its current step on every GET, the same step most of the time) is not written again: the
write is a re-encryption and an UPDATE for nothing.
"""

import hashlib
import json
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core import signing

from certify.records import crypto


def _digest(data: dict[str, Any]) -> bytes | None:
    try:
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).digest()
    except (TypeError, ValueError):
        return None  # not comparable: always written


class SessionStore(DbSessionStore):
    _loaded_digest: bytes | None = None

    def encode(self, session_dict) -> str:
        return crypto.encrypt_str(super().encode(session_dict))

    def decode(self, session_data: bytes | str) -> dict:
        try:
            text = session_data.decode() if isinstance(session_data, bytes) else session_data
            plain = crypto.decrypt_str(text)
        except Exception:  # noqa: BLE001 - an unreadable session is an empty one
            return {}
        try:
            return super().decode(plain)
        except signing.BadSignature:
            return {}

    def load(self) -> dict:
        data = super().load()
        # Only a session read from the database can be left as it is.
        self._loaded_digest = _digest(data) if self.session_key is not None and data else None
        return data

    def save(self, must_create: bool = False) -> None:
        # Django's session cache, without loading: SessionBase._get_session is private.
        current = self._get_session(no_load=True)  # type: ignore[attr-defined]
        if (
            not must_create
            and self.session_key is not None
            and self._loaded_digest is not None
            and _digest(current) == self._loaded_digest
        ):
            return
        super().save(must_create=must_create)
        self._loaded_digest = _digest(current) if self.session_key is not None else None
