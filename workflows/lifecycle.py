"""The lifecycle of a certification request.

`transition` is the only code that assigns `CertificationRequest.status`. It checks who may move
a request from where to where, bumps the version (optimistic locking), records the event and the
audit entry, all in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from certify.records import audit, policy
from certify.records.actors import Actor
from certify.records.models import (
    CLOSED_STATUSES,
    AgencyMembership,
    AuditEntry,
    CertificationRequest,
    CertifyingOfficial,
    RequestEvent,
)
from workflows.deadlines import Deadline, Facts, deadline_for_agency
from workflows.models import Assignment
from workflows.routing import receiving_agency

Status = CertificationRequest.Status
logger = logging.getLogger(__name__)


class TransitionError(Exception):
    """A move the lifecycle does not allow, with a message fit to show the user."""


class StaleRequestError(TransitionError):
    """Someone else changed the request since the actor loaded it."""


# The actor is a User, or None for the system (the sweep, the submission pipeline).
Check = Callable[[Actor, CertificationRequest], bool]


def _requester_side(actor: Actor, req: CertificationRequest) -> bool:
    return actor is not None and (
        policy.is_requester_of(actor, req) or policy.is_advocate_for(actor, req)
    )


def _coordinator(actor: Actor, req: CertificationRequest) -> bool:
    return actor is not None and req.agency_id in policy.staff_agency_ids(
        actor, roles=(AgencyMembership.Role.COORDINATOR, AgencyMembership.Role.LEAD)
    )


def _official(actor: Actor, req: CertificationRequest) -> bool:
    if actor is None or req.assigned_official_id is None:
        return False
    official = req.assigned_official
    return official is not None and official.user_id == actor.pk and official.active


def _agency_decider(actor: Actor, req: CertificationRequest) -> bool:
    return _official(actor, req) or (
        actor is not None
        and req.agency_id in policy.staff_agency_ids(actor, roles=(AgencyMembership.Role.LEAD,))
    )


def _system(actor: Actor, req: CertificationRequest) -> bool:
    return actor is None


@dataclass(frozen=True)
class Move:
    source: frozenset[str]
    target: str
    who: tuple[Check, ...]
    needs_note: bool = False


_BEFORE_DECISION = frozenset(
    {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.RECEIVED,
        Status.ASSIGNED,
        Status.IN_REVIEW,
        Status.INFO_REQUESTED,
    }
)

# Not yet accepted by an official's assignment: the coordinator's jurisdiction check applies.
UNACCEPTED = frozenset({Status.SUBMITTED, Status.RECEIVED})

# A decision (certify or deny) is taken only in these statuses.
DECIDABLE_STATUSES = frozenset({Status.IN_REVIEW, Status.RECONSIDERATION})

MOVES: dict[str, Move] = {
    "submit": Move(frozenset({Status.DRAFT}), Status.SUBMITTED, (_requester_side,)),
    "receive": Move(frozenset({Status.SUBMITTED}), Status.RECEIVED, (_system, _coordinator)),
    "assign": Move(
        frozenset({Status.RECEIVED, Status.ASSIGNED, Status.IN_REVIEW, Status.RECONSIDERATION}),
        Status.ASSIGNED,
        (_coordinator,),
    ),
    # The assigned official stopped certifying for the agency (workflows.agency_settings): the
    # request waits in the coordinators' queue for another official.
    "return_to_queue": Move(
        frozenset({Status.ASSIGNED, Status.IN_REVIEW, Status.RECONSIDERATION}),
        Status.RECEIVED,
        (_coordinator, _system),
        needs_note=True,
    ),
    # The coordinator's jurisdiction check (workflows.review): the crime is another agency's.
    # Forwarded, the request is received afresh by the agency it moved to, whose clock starts
    # that day; returned, it is closed with the reasons, and the requester can copy it into a
    # request to the right agency.
    "forward": Move(
        UNACCEPTED,
        Status.RECEIVED,
        (_coordinator,),
        needs_note=True,
    ),
    "not_ours": Move(
        UNACCEPTED,
        Status.RETURNED,
        (_coordinator,),
        needs_note=True,
    ),
    "start_review": Move(frozenset({Status.ASSIGNED}), Status.IN_REVIEW, (_official,)),
    "request_info": Move(
        frozenset({Status.IN_REVIEW}),
        Status.INFO_REQUESTED,
        (_official, _coordinator),
        needs_note=True,
    ),
    "answer_info": Move(frozenset({Status.INFO_REQUESTED}), Status.IN_REVIEW, (_requester_side,)),
    "certify": Move(DECIDABLE_STATUSES, Status.CERTIFIED, (_official,)),
    "deny": Move(
        DECIDABLE_STATUSES,
        Status.DENIED,
        (_official,),
        needs_note=True,
    ),
    "ask_reconsideration": Move(
        frozenset({Status.DENIED}), Status.RECONSIDERATION, (_requester_side,), needs_note=True
    ),
    "withdraw": Move(_BEFORE_DECISION, Status.WITHDRAWN, (_requester_side,)),
    "withdraw_certification": Move(
        frozenset({Status.CERTIFIED}), Status.CERT_WITHDRAWN, (_agency_decider,), needs_note=True
    ),
}


def clock_facts(req: CertificationRequest, *, received_on: date) -> Facts:
    """What the clocks need to know about ``req``, as it stands."""
    return Facts(
        received_on=received_on,
        removal_proceedings=req.removal_proceedings,
        detained=req.detained,
        age_out_date=req.age_out_date,
        victim_birth_date=req.date_of_birth,
        parents_or_siblings=bool(req.parents_or_siblings),
        first_encounter_on=req.first_encounter_on,
        expedite_requested=req.expedite_requested,
    )


def apply_deadline(req: CertificationRequest, deadline: Deadline) -> None:
    """Copy a computed deadline onto the request: the snapshot pages read."""
    req.received_on = deadline.received_on
    req.due_date = deadline.due_date
    req.clock_days = deadline.days
    req.clock_day_kind = deadline.day_kind
    req.clock_rule = deadline.law
    req.clock_source = deadline.source
    req.clock_confirmed = deadline.confirmed
    req.clock_is_policy = deadline.is_policy
    req.clock_basis = deadline.basis
    req.clock_trigger = deadline.trigger
    req.expedited = deadline.expedited


def start_clock(req: CertificationRequest, *, received_on: date) -> None:
    """Snapshot the response deadline on the request: a later change of the rule leaves it."""
    facts = clock_facts(req, received_on=received_on)
    apply_deadline(req, deadline_for_agency(receiving_agency(req), req.form, facts))


def allowed_moves(actor: Actor, req: CertificationRequest) -> list[str]:
    return [
        name
        for name, move in MOVES.items()
        if req.status in move.source and any(check(actor, req) for check in move.who)
    ]


def transition(
    req: CertificationRequest,
    *,
    move: str,
    actor: Actor,
    note: str = "",
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
    at: datetime | None = None,
    **changes: object,
) -> CertificationRequest:
    """Apply `move` to `req`, or raise TransitionError with a message for the user.

    `changes` are other fields the move sets together with the status (the assigned official,
    the signature date); they are saved in the same transaction as the event. `at` backdates
    the move, for importing a request's history; it defaults to now.
    """
    try:
        spec = MOVES[move]
    except KeyError:
        raise TransitionError(_("That action does not exist.")) from None
    with transaction.atomic():
        current = (
            CertificationRequest.objects.select_for_update(of=("self",))
            .select_related("assigned_official", "agency")
            .get(pk=req.pk)
        )
        if expected_version is not None and current.version != expected_version:
            raise StaleRequestError(
                _("Someone else changed this request while you were working on it.")
            )
        if current.status not in spec.source:
            raise TransitionError(
                _("A request that is “%(status)s” cannot be moved that way.")
                % {"status": current.get_status_display()}
            )
        if not any(check(actor, current) for check in spec.who):
            raise TransitionError(_("You are not allowed to do that with this request."))
        if spec.needs_note and not note.strip():
            raise TransitionError(_("Write the reasons before you continue."))
        assignee: CertifyingOfficial | None = None
        if move == "assign":
            assignee = _check_assignee(current, changes.get("assigned_official"))

        from_status = current.status
        for field, value in changes.items():
            setattr(current, field, value)
        current.status = spec.target
        current.version += 1
        now = at or timezone.now()
        if spec.target == Status.RECEIVED:
            agency_tz = receiving_agency(current).tz
            start_clock(current, received_on=now.astimezone(agency_tz).date())
        if spec.target == Status.SUBMITTED:
            current.submitted_at = now
        if spec.target in {Status.CERTIFIED, Status.DENIED}:
            current.decided_at = now
        current.closed_at = now if spec.target in CLOSED_STATUSES else None
        current.save()
        if assignee is not None:
            Assignment.objects.create(request=current, official=assignee, assigned_at=now)
        event = RequestEvent.objects.create(
            request=current,
            actor=actor,
            kind=move,
            from_status=from_status,
            to_status=spec.target,
            note=note,
            created_at=now,
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Action.TRANSITION,
            obj=current,
            request_reference=current.reference,
            detail=f"{from_status}->{spec.target}",
            http_request=http_request,
        )
        # After commit, and as a task carrying the event's id only: a rolled-back move must not
        # notify anyone, and a broken broker must not turn a saved move into an error page.
        # A backdated move (`at`) is imported history: nobody is waiting to hear about it.
        if at is None:
            transaction.on_commit(partial(enqueue_notice, event.pk), robust=True)
    req.refresh_from_db()
    return req


def _check_assignee(req: CertificationRequest, official: object) -> CertifyingOfficial:
    """The official a coordinator hands the request to, once checked."""
    # Only someone the agency designated, and still designated, may be handed the request;
    # anything else would let a coordinator route a victim's file outside the agency.
    if official is None:
        raise TransitionError(_("Choose the official who will review the request."))
    # Read afresh: the caller's copy may predate a withdrawn designation.
    if (
        not isinstance(official, CertifyingOfficial)
        or req.agency_id is None
        or not CertifyingOfficial.objects.filter(
            pk=official.pk, agency_id=req.agency_id, active=True
        ).exists()
    ):
        raise TransitionError(_("That official cannot certify for this agency."))
    return official


def enqueue_notice(event_id: int) -> None:
    from django_q.tasks import async_task

    async_task("workflows.tasks.notify_event", event_id)
