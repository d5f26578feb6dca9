"""Database sessions whose payload is encrypted with the field keys.

The wizard keeps a victim's answers in the session until a draft is saved; the stock database
backend would store them as readable (signed, base64) JSON in django_session.

A session that is marked modified but whose content is what was loaded (the wizard's storage
sets its current step on every GET, the same step most of the time) is not written again: the
write is a re-encryption and an UPDATE for nothing.

A session without a signed-in person (someone answering the wizard before creating an account,
perhaps on a shared or watched computer) lives in a browser-session cookie, gone when the
browser closes, and ends on the server after ANONYMOUS_SESSION_IDLE_SECONDS without a request
(AnonymousSessionMiddleware refreshes it on each request). Signed-in sessions keep
SESSION_COOKIE_AGE.
"""

import hashlib
import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core import signing
from django.utils import timezone

from certify.records import crypto


def _digest(data: dict[str, Any]) -> bytes | None:
    try:
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).digest()
    except (TypeError, ValueError):
        return None  # not comparable: always written


# An unchanged session is written again at most this often, to move its expiry on.
REFRESH_SECONDS = 60


class SessionStore(DbSessionStore):
    _loaded_digest: bytes | None = None
    _loaded_expiry: datetime | None = None

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

    def _get_session_from_db(self) -> Any:
        # Django's database backend reads the row here; django-stubs does not declare it.
        stored = super()._get_session_from_db()  # type: ignore[misc]
        self._loaded_expiry = stored.expire_date if stored is not None else None
        return stored

    def _expiry_is_fresh(self) -> bool:
        """Whether the stored expiry was set within the last REFRESH_SECONDS: the idle expiry
        (anonymous sessions end ANONYMOUS_SESSION_IDLE_SECONDS after the last request) then
        stays right to within that, without a write on every request."""
        if self._loaded_expiry is None:
            return False
        left = (self._loaded_expiry - timezone.now()).total_seconds()
        return left > self.get_expiry_age() - REFRESH_SECONDS

    def save(self, must_create: bool = False) -> None:
        # Django's session cache, without loading: SessionBase._get_session is private.
        current = self._get_session(no_load=True)  # type: ignore[attr-defined]
        if (
            not must_create
            and self.session_key is not None
            and self._loaded_digest is not None
            and _digest(current) == self._loaded_digest
            and self._expiry_is_fresh()
        ):
            return
        super().save(must_create=must_create)
        self._loaded_digest = _digest(current) if self.session_key is not None else None

    def is_anonymous(self) -> bool:
        return AUTH_SESSION_KEY not in self

    def get_session_cookie_age(self) -> int:
        if self.is_anonymous():
            return settings.ANONYMOUS_SESSION_IDLE_SECONDS
        return super().get_session_cookie_age()

    def get_expire_at_browser_close(self) -> bool:
        if self.get("_session_expiry") is None and self.is_anonymous():
            return True
        return super().get_expire_at_browser_close()


class AnonymousSessionMiddleware:
    """Each request of an anonymous visitor with answers in the session saves it again, so its
    server-side expiry is always ANONYMOUS_SESSION_IDLE_SECONDS after the last request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        if session is not None and anonymous and not session.is_empty() and session.keys():
            session.modified = True
        return response
