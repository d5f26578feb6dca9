"""Private calendar feeds of due dates: issuing and revoking the secret address.

The address carries a random token; the database keeps only its SHA-256, so a copy of the
database does not give anyone a working address. The feed itself holds references and due
dates only, never a name."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from certify.records import audit
from certify.records.models import AuditEntry, CalendarFeed, User


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed(*, actor: User, http_request: HttpRequest | None = None) -> str:
    """A new feed address token for `actor`; any earlier one stops working."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        revoke_feeds(actor=actor, http_request=http_request)
        feed = CalendarFeed.objects.create(user=actor, token_hash=token_hash(token))
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=feed,
            detail="calendar feed issued",
            http_request=http_request,
        )
    return token


def revoke_feeds(*, actor: User, http_request: HttpRequest | None = None) -> int:
    with transaction.atomic():
        feeds = list(CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True))
        for feed in feeds:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=feed,
                detail="calendar feed revoked",
                http_request=http_request,
            )
    return len(feeds)


def active_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_owner(token: str) -> User | None:
    """The active staff member whose live feed `token` opens, or None."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
