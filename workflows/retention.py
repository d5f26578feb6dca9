"""Retention: once a request has been closed for its retention period, its personal data goes.

What stays is what the statutory and transparency reports count: the request row with its
status, form, agency, organisation, dates, place of the crime (city/county/state, already kept
in clear for routing), activities and the coded answers (helped ways, expedite facts, denial
reason), its status history (events, without their free-text notes) and the audit trail (which
holds no personal data). What goes: every encrypted field of the request and its blind
indexes, the dates of the crime, the child's age-out date, family members, messages, the
agency's draft answers, and every document, file and all.

`purge_expired` is the scheduled job (registered with the workflows sweep); `delete_now` is
the requester's own "delete this draft / withdrawn request" button.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.http import HttpRequest
from django.utils import timezone

from certify.records import append_only, audit, documents
from certify.records.actors import Actor
from certify.records.models import (
    CLOSED_STATUSES,
    PURGED_EVENT,
    AuditEntry,
    CertificationRequest,
    RequestEvent,
    SupportingDocument,
    User,
)
from certify.records.policy import can_delete_now, is_purged

log = logging.getLogger(__name__)

Status = CertificationRequest.Status
# Appended (never changed) when a request's personal data is purged; also what marks it done.

# Cleartext fields that still describe the person or the crime too closely to keep.
_EXTRA_BLANKS: dict[str, Callable[[], object]] = {
    "crime_dates": list,
    "safe_channels": list,
    "age_out_date": lambda: None,
    "first_encounter_on": lambda: None,
    "parents_or_siblings": lambda: None,
}


def retention_days(status: str) -> int:
    return settings.RETENTION_DAYS_AFTER_CLOSE[status]


def expired(now: datetime | None = None) -> models.QuerySet[CertificationRequest]:
    """Closed requests whose period has run, measured from the moment they closed
    (`closed_at`, set by the lifecycle): a range on its partial index, never a scan of every
    request; the purge's own event marks the ones already done."""
    now = now or timezone.now()
    periods = {status: retention_days(status) for status in CLOSED_STATUSES}
    due = Q()
    for status, days in periods.items():
        due |= Q(status=status, closed_at__lte=now - timedelta(days=days))
    return (
        CertificationRequest.objects.filter(
            closed_at__isnull=False,
            closed_at__lte=now - timedelta(days=min(periods.values())),
        )
        .filter(due)
        .exclude(events__kind=PURGED_EVENT)
        .order_by()
    )


def _personal_relations() -> Iterator[ForeignObjectRel]:
    """Reverse relations whose rows carry personal data (they have encrypted fields) and go
    with the request: family members, messages, documents, the agency's draft answers, and
    whatever is added later on the same pattern. Events are append-only and handled apart."""
    for relation in CertificationRequest._meta.related_objects:
        model = relation.related_model
        if model is RequestEvent or relation.on_delete is not models.CASCADE:
            continue
        if any(getattr(field, "encrypted", False) for field in model._meta.concrete_fields):
            yield relation


def _remove_document_files(certification_request: CertificationRequest) -> list[Path]:
    return [
        documents.storage_path(document)
        for document in SupportingDocument.objects.filter(request=certification_request)
    ]


def _blank_event_notes(certification_request: CertificationRequest) -> None:
    # Notes can quote the victim (reasons for a denial, what was asked for). The rows stay:
    # the history is what the reports count. The event table is append-only; on PostgreSQL
    # this one change goes through a function the owner role provides (migration 0009).
    append_only.blank_event_notes(certification_request.pk)


def purge(certification_request: CertificationRequest, *, actor: Actor = None, reason: str) -> None:
    """Blank the request's personal data in place. Files are unlinked after the commit, so a
    rollback never leaves a row pointing at a deleted file."""
    with transaction.atomic():
        req = CertificationRequest.objects.select_for_update().get(pk=certification_request.pk)
        if is_purged(req):
            return
        paths = _remove_document_files(req)
        for relation in _personal_relations():
            relation.related_model._base_manager.filter(**{relation.field.name: req}).delete()
        blanked = []
        for field in req._meta.concrete_fields:
            if getattr(field, "encrypted", False):
                setattr(req, field.attname, field.get_default())
                blanked.append(field.name)
        for name, empty in _EXTRA_BLANKS.items():
            setattr(req, name, empty())
            blanked.append(name)
        req.wizard_step = ""
        req.save(update_fields=[*blanked, "wizard_step"])  # save() recomputes the blind indexes
        _blank_event_notes(req)
        RequestEvent.objects.create(request=req, actor=actor, kind=PURGED_EVENT, note="")
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=req,
            request_reference=req.reference,
            detail=f"personal data purged: {reason}"[:200],
        )
        transaction.on_commit(lambda: _unlink(paths))


def _unlink(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.exception("could not remove a purged document file")


def purge_expired(now: datetime | None = None) -> int:
    """The scheduled job: purge every request past its retention period; returns how many.

    Each request is purged in its own transaction, so one failure does not hold back the rest
    and a second run (or a second worker) finds nothing left to do.
    """
    count = 0
    for pk in list(expired(now).values_list("pk", flat=True)):
        try:
            purge(CertificationRequest(pk=pk), reason="retention period ended")
        except Exception:
            log.exception("purging request %s failed", pk)
            continue
        count += 1
    return count


def delete_now(
    certification_request: CertificationRequest,
    *,
    actor: User,
    http_request: HttpRequest | None = None,
) -> None:
    """The requester's own deletion. A draft the agency never saw, with no history, goes
    entirely; anything with a history keeps its anonymous row, as after the retention period."""
    with transaction.atomic():
        req = CertificationRequest.objects.select_for_update().get(pk=certification_request.pk)
        if not can_delete_now(req):
            raise PermissionError("only drafts and withdrawn requests can be deleted at once")
        if req.status == Status.DRAFT and not req.events.exists():
            paths = _remove_document_files(req)
            reference, pk = req.reference, req.pk
            req.delete()
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=CertificationRequest(pk=pk),
                request_reference=reference,
                detail="draft deleted by the requester",
                http_request=http_request,
            )
            transaction.on_commit(lambda: _unlink(paths))
        else:
            purge(req, actor=actor, reason="deleted by the requester")
