"""Notices: claimed through a unique row, then sent by e-mail and listed in the app.

Every send goes through two steps. ``claim`` inserts one ``NoticeClaim`` per (request, recipient,
kind, key); the unique constraint lets exactly one run win, so a second sweep, a re-delivered
django-q task or a restarted worker finds the row and sends nothing. ``deliver`` then sends what
this run holds and stamps ``sent_at`` straight after each send. A claim without ``sent_at`` whose
lease has run out (its send failed, or its worker died) is taken over by the next run with a
conditional UPDATE, so it is retried exactly by one run and never dropped.

E-mails are written to be safe in a shared inbox: neutral subjects, no names, no narrative, no
crime; only the request's reference, a date and a link to sign in.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from certify.records.models import CertificationRequest, User
from workflows.models import Notice, NoticeClaim, NoticeKind

logger = logging.getLogger(__name__)

# Longer than the q cluster's task timeout (120 s): a worker that is still sending never loses
# its claim to a second run; a dead worker's claim is retried by the first sweep after this.
LEASE = timedelta(minutes=10)

Kind = NoticeKind


@dataclass(frozen=True)
class Wanted:
    """A notice some rule says should exist; nothing is sent until it is claimed."""

    request_id: int
    recipient_id: int
    kind: str
    key: str
    due_date: date | None = None
    days_left: int | None = None

    @property
    def identity(self) -> tuple[int, int, str, str]:
        return (self.request_id, self.recipient_id, self.kind, self.key)


@dataclass
class Outcome:
    claimed: int = 0
    sent: int = 0
    failed: int = 0

    def add(self, other: Outcome) -> None:
        self.claimed += other.claimed
        self.sent += other.sent
        self.failed += other.failed


def claim(wanted: Sequence[Wanted], *, now: datetime | None = None) -> tuple[uuid.UUID, list[int]]:
    """Claim what nobody holds yet, and take over expired unsent claims.

    Returns this run's token and the ids of the claims it now holds. Claims already sent, or
    held by a live lease, are left alone.
    """
    now = now or timezone.now()
    token = uuid.uuid4()
    if not wanted:
        return token, []
    by_identity = {w.identity: w for w in wanted}
    existing = {
        (c.request_id, c.recipient_id, c.kind, c.key): c
        for c in NoticeClaim.objects.filter(
            request_id__in={w.request_id for w in wanted},
            kind__in={w.kind for w in wanted},
        ).only("pk", "request_id", "recipient_id", "kind", "key", "sent_at", "lease_until")
    }
    fresh = [w for identity, w in by_identity.items() if identity not in existing]
    stale = [
        c.pk
        for identity, c in existing.items()
        if identity in by_identity and c.sent_at is None and c.lease_until <= now
    ]
    with transaction.atomic():
        # ignore_conflicts: a concurrent run may insert the same identity between the read above
        # and this insert; the constraint decides, and the token says afterwards who won.
        NoticeClaim.objects.bulk_create(
            [
                NoticeClaim(
                    request_id=w.request_id,
                    recipient_id=w.recipient_id,
                    kind=w.kind,
                    key=w.key,
                    token=token,
                    claimed_at=now,
                    lease_until=now + LEASE,
                )
                for w in fresh
            ],
            ignore_conflicts=True,
        )
        if stale:
            _take_over(stale, token=token, now=now)
        held = list(
            NoticeClaim.objects.filter(token=token).values_list(
                "pk", "request_id", "recipient_id", "kind", "key"
            )
        )
        with_notice = set(
            Notice.objects.filter(claim_id__in=[row[0] for row in held]).values_list(
                "claim_id", flat=True
            )
        )
        Notice.objects.bulk_create(
            [
                Notice(
                    claim_id=pk,
                    recipient_id=recipient_id,
                    request_id=request_id,
                    kind=kind,
                    due_date=by_identity[(request_id, recipient_id, kind, key)].due_date,
                    days_left=by_identity[(request_id, recipient_id, kind, key)].days_left,
                    created_at=now,
                )
                for pk, request_id, recipient_id, kind, key in held
                if pk not in with_notice
            ]
        )
    return token, [row[0] for row in held]


def take_over(claim_ids: list[int], *, now: datetime) -> tuple[uuid.UUID, list[int]]:
    """Take over expired unsent claims by id; returns the token and the ids now held."""
    token = uuid.uuid4()
    if not claim_ids:
        return token, []
    with transaction.atomic():
        _take_over(claim_ids, token=token, now=now)
        held = list(NoticeClaim.objects.filter(token=token).values_list("pk", flat=True))
    return token, held


def _take_over(claim_ids: list[int], *, token: uuid.UUID, now: datetime) -> int:
    expired = NoticeClaim.objects.filter(
        pk__in=claim_ids, sent_at__isnull=True, lease_until__lte=now
    )
    if connection.features.has_select_for_update_skip_locked:
        # Several clusters on PostgreSQL: a row another run is updating right now is skipped
        # rather than waited for; the WHERE clause of the UPDATE below still decides.
        locked = list(expired.select_for_update(skip_locked=True).values_list("pk", flat=True))
        expired = NoticeClaim.objects.filter(
            pk__in=locked, sent_at__isnull=True, lease_until__lte=now
        )
    return expired.update(
        token=token, claimed_at=now, lease_until=now + LEASE, attempts=F("attempts") + 1
    )


def deliver(token: uuid.UUID, claim_ids: Iterable[int]) -> Outcome:
    """Send the e-mail for each claim this run holds, stamping each as soon as it is sent."""
    outcome = Outcome()
    claims = (
        NoticeClaim.objects.filter(pk__in=list(claim_ids), token=token, sent_at__isnull=True)
        .select_related("notice", "recipient")
        .order_by("pk")
    )
    for held in claims:
        outcome.claimed += 1
        notice = held.notice
        try:
            subject, body = render_email(notice, held.recipient)
            send_mail(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [held.recipient.email],
                fail_silently=False,
            )
        except Exception as exc:
            # Release the lease at once so the next run retries; the class name is all that is
            # kept, because mail servers' messages can quote addresses.
            NoticeClaim.objects.filter(pk=held.pk, token=token).update(
                lease_until=timezone.now(), last_error=type(exc).__name__[:100]
            )
            logger.warning(
                "notice claim %s (%s) not sent: %s", held.pk, held.kind, type(exc).__name__
            )
            outcome.failed += 1
            continue
        sent_at = timezone.now()
        NoticeClaim.objects.filter(pk=held.pk, token=token).update(sent_at=sent_at, last_error="")
        Notice.objects.filter(pk=notice.pk).update(sent_at=sent_at)
        outcome.sent += 1
    return outcome


def notify(wanted: Sequence[Wanted]) -> Outcome:
    token, claim_ids = claim(wanted)
    return deliver(token, claim_ids)


# --- rendering --------------------------------------------------------------------------------


def request_url(reference: str) -> str:
    try:
        path = reverse("request_detail", args=[reference])
    except NoReverseMatch:
        path = "/"
    return settings.SITE_URL.rstrip("/") + path


def render_email(notice: Notice, recipient: User) -> tuple[str, str]:
    """Subject and body in the recipient's language (tasks run with no request to take it from)."""
    # Only the reference is read from the request: no names, narrative or crime ever reach here.
    reference = (
        CertificationRequest.objects.filter(pk=notice.request_id)
        .values_list("reference", flat=True)
        .get()
    )
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        subject = notice.headline
        body = render_to_string(
            "workflows/email/notice.txt",
            {
                "kind": notice.kind,
                "reference": reference,
                "due_date": notice.due_date,
                "days_left": notice.days_left,
                "overdue_days": -notice.days_left if notice.days_left is not None else None,
                "url": request_url(reference),
            },
        )
    # A header may not hold a line break; the subjects are fixed strings, this is belt and braces.
    return " ".join(subject.split()), body


def notices_for(user: User, *, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's notices, newest first, for the in-app list."""
    notices = Notice.objects.filter(recipient=user).select_related("request")
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    return notices


def mark_read(user: User, notice_ids: Iterable[int]) -> int:
    """Mark the user's own notices read; ids of other users' notices are ignored."""
    return Notice.objects.filter(
        recipient=user, pk__in=list(notice_ids), read_at__isnull=True
    ).update(read_at=timezone.now())
