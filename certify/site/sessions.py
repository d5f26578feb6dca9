"""Database sessions whose payload is encrypted with the field keys.

The wizard keeps a victim's answers in the session until a draft is saved; the stock database
backend would store them as readable (signed, base64) JSON in django_session.
"""

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core import signing

from certify.records import crypto


class SessionStore(DbSessionStore):
    def encode(self, session_dict) -> str:
        return crypto.encrypt_str(super().encode(session_dict))

    def decode(self, session_data: str) -> dict:
        try:
            plain = crypto.decrypt_str(session_data)
        except Exception:  # noqa: BLE001 - an unreadable session is an empty one
            return {}
        try:
            return super().decode(plain)
        except signing.BadSignature:
            return {}
