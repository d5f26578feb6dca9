"""Database sessions whose payload is encrypted with the field keys.

The wizard keeps a victim's answers in the session until a draft is saved; the stock database
backend would store them as readable (signed, base64) JSON in django_session.
"""

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core import signing

from certify.records import crypto


class SessionStore(DbSessionStore):
    def encode(self, session_dict: dict[str, Any]) -> str:
        return crypto.encrypt_str(super().encode(session_dict))

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        try:
            text = session_data if isinstance(session_data, str) else session_data.decode()
            plain = crypto.decrypt_str(text)
        except Exception:  # noqa: BLE001 - an unreadable session is an empty one
            return {}
        try:
            return super().decode(plain)
        except signing.BadSignature:
            return {}
