"""Background work, run by django-q2: the periodic sweep and the notices that follow a move.

Tasks take ids and return counts: django-q stores arguments and results signed but not
encrypted, so no personal data may pass through either. Every task is safe to run twice
(at-least-once delivery): notices are claimed through a unique row before they are sent
(workflows.notices).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TypeAlias, TypeVar, cast
from zoneinfo import ZoneInfo

from django.db.models import Model, QuerySet
from django.utils import timezone

from certify.records.models import (
    Agency,
    AgencyMembership,
    CertificationRequest,
    CertifyingOfficial,
    RequestEvent,
    User,
)
from certify.records.validity import (
    RECOMMENDED_MARGIN_DAYS,
    add_months,
    recommended_filing_date_for,
)
from workflows import agency_settings, drafts, retention
from workflows.deadlines import days_left
from workflows.models import NoticeClaim, NoticeKind
from workflows.notices import Outcome, Wanted, claim, deliver, take_over

logger = logging.getLogger(__name__)
Status = CertificationRequest.Status

SWEEP_SCHEDULE_NAME = "certify-sweep"
SWEEP_FUNC = "workflows.tasks.sweep"
SWEEP_EVERY_MINUTES = 15

# Reminder thresholds before the response deadline; the nearest one not yet passed applies.
REMINDER_DAYS: tuple[tuple[int, str], ...] = (
    (1, NoticeKind.DUE_1),
    (3, NoticeKind.DUE_3),
    (7, NoticeKind.DUE_7),
    (14, NoticeKind.DUE_14),
)
# Before the six-month window of a signed I-918 Supplement B closes.
VALIDITY_DAYS: tuple[tuple[int, str], ...] = (
    (7, NoticeKind.VALIDITY_7),
    (30, NoticeKind.VALIDITY_30),
)
# An overdue notice or escalation that could not go out (mail down, cluster down) is retried for
# this long after the due date. The bound keeps the sweep's query a range on the due-date index
# instead of a scan over every request that ever ran late.
OVERDUE_LOOKBACK_DAYS = 30
# The clock runs while the agency holds the request. A reconsideration has no clock snapshot of
# its own (its due date is the original one), so reminding on it would only raise false alarms.
CLOCK_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_REVIEW, Status.INFO_REQUESTED)
BATCH = 500

# The sweep's rows: ids and dates only, never personal data. The dates are never NULL: each
# selection filters on a range of them, which leaves NULL out.
# (request id, due date, agency id, assigned official id)
DeadlineRow: TypeAlias = tuple[int, date, int | None, int | None]
# (request id, signature date, agency id, requester's user id)
ValidityRow: TypeAlias = tuple[int, date, int | None, int]
Row = TypeVar("Row")


def reminder_kind(left: int) -> str | None:
    """The reminder that applies with ``left`` days to go (0 on the due date), if any."""
    if left < 0:
        return NoticeKind.OVERDUE
    for threshold, kind in REMINDER_DAYS:
        if left <= threshold:
            return kind
    return None


def validity_kind(left: int) -> str | None:
    if left < 0:
        return None
    for threshold, kind in VALIDITY_DAYS:
        if left <= threshold:
            return kind
    return None


@lru_cache(maxsize=128)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _today_in(time_zone: str, now: datetime) -> date:
    return now.astimezone(_zone(time_zone)).date()


def _today_bounds(now: datetime) -> tuple[date, date]:
    """The earliest and latest "today" across agencies' time zones (Guam is a day ahead of
    Hawaii), so one date range on the index covers every agency; rows are then checked exactly
    against their own agency's date."""
    zones = set(Agency.objects.values_list("time_zone", flat=True).distinct()) or {"UTC"}
    days = [_today_in(z, now) for z in zones]
    return min(days), max(days)


def _batches(queryset: QuerySet[Model, Row], size: int = BATCH) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in queryset.iterator(chunk_size=size):
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- selections (also what the benchmark measures) --------------------------------------------


def deadline_candidates(now: datetime) -> QuerySet[CertificationRequest, DeadlineRow]:
    """Open requests whose due date falls in the reminder range: ids and dates only."""
    low, high = _today_bounds(now)
    rows = (
        CertificationRequest.objects.filter(
            status__in=CLOCK_STATUSES,
            # A delay explained in writing, as the law allows, is a response: the clock stopped.
            delay_notice_on__isnull=True,
            due_date__gte=low - timedelta(days=OVERDUE_LOOKBACK_DAYS),
            due_date__lte=high + timedelta(days=REMINDER_DAYS[-1][0]),
        )
        .order_by()
        .values_list("pk", "due_date", "agency_id", "assigned_official_id")
    )
    return cast("QuerySet[CertificationRequest, DeadlineRow]", rows)


def validity_candidates(now: datetime) -> QuerySet[CertificationRequest, ValidityRow]:
    """Certified U requests whose recommended filing date is at most 30 days away.

    The query runs on signature_date: the recommended filing date is the signature date plus
    about six months (clamped at month ends) less a week, so a range widened by a few days on
    each side holds every candidate, and the exact date is checked per row.
    """
    low, high = _today_bounds(now)
    horizon = VALIDITY_DAYS[-1][0]
    rows = (
        CertificationRequest.objects.filter(
            status=Status.CERTIFIED,
            form=CertificationRequest.Form.U,
            signature_date__gte=add_months(low, -6) - timedelta(days=4),
            signature_date__lte=add_months(high + timedelta(days=horizon), -6)
            + timedelta(days=4 + RECOMMENDED_MARGIN_DAYS),
        )
        .order_by()
        .values_list("pk", "signature_date", "agency_id", "created_by_id")
    )
    return cast("QuerySet[CertificationRequest, ValidityRow]", rows)


# --- who is told -------------------------------------------------------------------------------


class _Directory:
    """Agencies' time zones and staff, read in two queries per sweep (all agencies at once)
    rather than once per agency: with 500 agencies, per-agency lookups were most of a sweep's
    queries."""

    def __init__(self) -> None:
        self._agencies: dict[int, str] | None = None
        self._staff: dict[tuple[int, str], list[int]] | None = None

    def time_zone(self, agency_id: int | None) -> str:
        if agency_id is None:
            return "UTC"
        if self._agencies is None:
            self._agencies = dict(Agency.objects.values_list("pk", "time_zone"))
        return self._agencies.get(agency_id) or "UTC"

    def staff(self, agency_id: int | None, role: str) -> list[int]:
        if agency_id is None:
            return []
        if self._staff is None:
            self._staff = {}
            rows = (
                AgencyMembership.objects.filter(active=True, user__is_active=True)
                .order_by("user_id")
                .values_list("agency_id", "role", "user_id")
            )
            for agency, member_role, user_id in rows:
                self._staff.setdefault((agency, member_role), []).append(user_id)
        return self._staff.get((agency_id, role), [])


def _official_users(official_ids: set[int]) -> dict[int, int]:
    """Official id -> user id, for officials still designated and users still active."""
    return dict(
        CertifyingOfficial.objects.filter(
            pk__in=official_ids, active=True, user__is_active=True
        ).values_list("pk", "user_id")
    )


def deadline_notices(rows: list[DeadlineRow], now: datetime, directory: _Directory) -> list[Wanted]:
    officials = _official_users({r[3] for r in rows if r[3] is not None})
    wanted: list[Wanted] = []
    for request_id, due, agency_id, official_id in rows:
        left = days_left(due, _today_in(directory.time_zone(agency_id), now))
        kind = reminder_kind(left)
        if kind is None or left < -OVERDUE_LOOKBACK_DAYS:
            continue
        key = due.isoformat()
        # The assigned official is the one to act; before anyone is assigned, the coordinators.
        if official_id is not None and official_id in officials:
            handlers = [officials[official_id]]
        else:
            handlers = directory.staff(agency_id, AgencyMembership.Role.COORDINATOR)
        for user_id in handlers:
            wanted.append(Wanted(request_id, user_id, kind, key, due, left))
        if kind == NoticeKind.OVERDUE:
            for user_id in directory.staff(agency_id, AgencyMembership.Role.LEAD):
                wanted.append(Wanted(request_id, user_id, NoticeKind.ESCALATION, key, due, left))
    return wanted


def validity_notices(rows: list[ValidityRow], now: datetime, directory: _Directory) -> list[Wanted]:
    active = set(
        User.objects.filter(pk__in={r[3] for r in rows}, is_active=True).values_list(
            "pk", flat=True
        )
    )
    wanted: list[Wanted] = []
    for request_id, signed, agency_id, requester_id in rows:
        last_day = recommended_filing_date_for(CertificationRequest.Form.U, signed)
        if last_day is None or requester_id not in active:
            continue
        left = days_left(last_day, _today_in(directory.time_zone(agency_id), now))
        kind = validity_kind(left)
        if kind is not None:
            key = last_day.isoformat()
            wanted.append(Wanted(request_id, requester_id, kind, key, last_day, left))
    return wanted


# --- the tasks ---------------------------------------------------------------------------------


def _housekeeping(now: datetime) -> dict[str, int]:
    """Jobs owned elsewhere that only need a regular slot: temporary uploads older than a day,
    drafts past their expiry, and personal data past its retention period."""
    return {
        "uploads_removed": drafts.remove_stale_uploads(max_age_hours=24),
        "drafts_expired": drafts.remove_expired_drafts(),
        "requests_purged": retention.purge_expired(now=now),
        "designations_ended": agency_settings.end_lapsed_designations(timezone.localdate(now)),
    }


def _remind(
    name: str,
    candidates: QuerySet[CertificationRequest, Row],
    build: Callable[[list[Row], datetime, _Directory], list[Wanted]],
    *,
    now: datetime,
    directory: _Directory,
    counts: Counter[str],
) -> None:
    """One kind of reminder: read the candidates in batches, then claim and send what is due."""
    total = Outcome()
    for rows in _batches(candidates):
        counts[f"{name}_requests"] += len(rows)
        token, claim_ids = claim(build(rows, now, directory), now=now)
        total.add(deliver(token, claim_ids))
    counts[f"{name}_sent"] = total.sent
    counts[f"{name}_failed"] = total.failed


def sweep() -> dict[str, int]:
    """Send the reminders that are due, once each. Returns counts (never personal data)."""
    now = timezone.now()
    directory = _Directory()
    counts: Counter[str] = Counter()
    _remind(
        "deadline",
        deadline_candidates(now),
        deadline_notices,
        now=now,
        directory=directory,
        counts=counts,
    )
    _remind(
        "validity",
        validity_candidates(now),
        validity_notices,
        now=now,
        directory=directory,
        counts=counts,
    )
    retried = retry_event_notices(now)
    counts["event_sent"] = retried.sent
    counts["event_failed"] = retried.failed
    counts.update(_housekeeping(now))
    logger.info("sweep: %s", dict(counts))
    return dict(counts)


# Who hears about which move. The actor is never told about their own move.
_MOVE_NOTICES: dict[str, tuple[str, str]] = {
    "submit": ("coordinators", NoticeKind.NEW_REQUEST),
    "assign": ("official", NoticeKind.ASSIGNED),
    "return_to_queue": ("coordinators", NoticeKind.RETURNED),
    "forward": ("coordinators", NoticeKind.NEW_REQUEST),
    "not_ours": ("requester", NoticeKind.UPDATE),
    "answer_info": ("official", NoticeKind.REPLY),
    "ask_reconsideration": ("official", NoticeKind.REPLY),
    "request_info": ("requester", NoticeKind.UPDATE),
    "certify": ("requester", NoticeKind.UPDATE),
    "deny": ("requester", NoticeKind.UPDATE),
    "withdraw_certification": ("requester", NoticeKind.UPDATE),
    "delay_notice": ("requester", NoticeKind.UPDATE),
}


EVENT_KINDS = frozenset(
    [
        *(kind for _audience, kind in _MOVE_NOTICES.values()),
        NoticeKind.PACKET_READY,
        NoticeKind.RECEIPT,
    ]
)
# A notice about a move that could not be sent is retried by the sweep for this long; after
# that the news is stale and the in-app list still holds it.
EVENT_RETRY_DAYS = 7


def retry_event_notices(now: datetime) -> Outcome:
    """Retry move notices whose send failed or whose worker died: nothing recomputes them,
    unlike deadline reminders, which each sweep derives afresh from the due dates."""
    stale = list(
        NoticeClaim.objects.filter(
            sent_at__isnull=True,
            lease_until__lte=now,
            kind__in=EVENT_KINDS,
            claimed_at__gte=now - timedelta(days=EVENT_RETRY_DAYS),
        ).values_list("pk", flat=True)[:BATCH]
    )
    token, claim_ids = take_over(stale, now=now)
    return deliver(token, claim_ids)


def notify_event(event_id: int) -> dict[str, int]:
    """Tell the people a move concerns; enqueued by workflows.lifecycle after commit."""
    event = RequestEvent.objects.select_related("request").filter(pk=event_id).first()
    if event is None or event.kind not in _MOVE_NOTICES:
        return {"sent": 0, "failed": 0}
    audience, kind = _MOVE_NOTICES[event.kind]
    req = event.request
    recipients: list[int] = []
    if audience == "official" and req.assigned_official_id:
        recipients = list(_official_users({req.assigned_official_id}).values())
        if not recipients:
            # The official's designation ended while the request waited on the requester
            # (workflows.agency_settings): the coordinators hear it instead, to reassign it.
            audience = "coordinators"
    if audience == "coordinators" and req.agency is not None and req.agency.on_certify:
        recipients = list(
            AgencyMembership.objects.filter(
                agency_id=req.agency.pk,
                role=AgencyMembership.Role.COORDINATOR,
                active=True,
                user__is_active=True,
            )
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
    elif audience == "requester" and req.created_by.is_active:
        recipients = [req.created_by_id]
    key = f"event:{event.pk}"
    wanted = [
        Wanted(req.pk, user_id, kind, key, req.due_date)
        for user_id in recipients
        if user_id != event.actor_id
    ]
    # Whoever sent a request gets a receipt, in their own language, with no detail of it. For
    # an agency not on certify the packet notice below is the receipt: one message, not two.
    if (
        event.kind == "submit"
        and req.created_by.is_active
        and (req.agency is None or req.agency.on_certify)
    ):
        wanted.append(Wanted(req.pk, req.created_by_id, NoticeKind.RECEIPT, key))
    # The agency is not on certify: the requester sends it the printable packet, which is
    # ready now. Told even though they made the move: the packet is news to act on.
    if (
        event.kind == "submit"
        and req.agency is not None
        and not req.agency.on_certify
        and req.created_by.is_active
    ):
        wanted.append(Wanted(req.pk, req.created_by_id, NoticeKind.PACKET_READY, key))
    # Forwarded: the receiving agency's coordinators hear of a new request above, and the
    # requester of where it went.
    if event.kind == "forward" and req.created_by.is_active:
        wanted.append(Wanted(req.pk, req.created_by_id, NoticeKind.UPDATE, key))
    token, claim_ids = claim(wanted)
    outcome = deliver(token, claim_ids)
    return {"sent": outcome.sent, "failed": outcome.failed}
