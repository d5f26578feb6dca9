"""The agency's review: accepting and assigning a request, starting the review, and the
official's answers to the agency's parts of the supplement (kept as versioned drafts).

Each action takes keyword arguments and an actor, runs in one transaction and leaves an audit
entry; status changes go through workflows.lifecycle.transition only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from certify.records import answers as request_answers
from certify.records import audit
from certify.records.agency_parts import SIGNING_KEYS
from certify.records.agency_parts import agency_parts as completion_parts
from certify.records.models import (
    Agency,
    AgencyCompletion,
    AuditEntry,
    CertificationRequest,
    CertifyingOfficial,
    User,
)
from forms.fill import BlankItem, blank_required_items
from workflows.lifecycle import TransitionError, transition
from workflows.routing import receiving_agency

Status = CertificationRequest.Status


class CompletionConflict(Exception):
    """Someone saved the agency's answers since this person loaded them."""

    def __init__(self, completion: AgencyCompletion):
        super().__init__("stale completion")
        self.completion = completion


class BlankItemsError(Exception):
    def __init__(self, items: list[BlankItem]):
        super().__init__(f"{len(items)} blank required items")
        self.items = items


# --- queue: accept and assign ---------------------------------------------------------------


def accept_request(
    req: CertificationRequest,
    *,
    actor: User,
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> CertificationRequest:
    """A coordinator takes in a request still waiting at "submitted" (the clock starts)."""
    return transition(
        req,
        move="receive",
        actor=actor,
        expected_version=expected_version,
        http_request=http_request,
    )


def assign_request(
    req: CertificationRequest,
    *,
    actor: User,
    official: CertifyingOfficial,
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> CertificationRequest:
    """Give the request to an official; a request not yet accepted is accepted first, in the
    same transaction, so a failed assignment does not leave a half-handled request behind."""
    with transaction.atomic():
        if req.status == Status.SUBMITTED:
            req = accept_request(
                req, actor=actor, expected_version=expected_version, http_request=http_request
            )
            expected_version = req.version
        return transition(
            req,
            move="assign",
            actor=actor,
            expected_version=expected_version,
            http_request=http_request,
            assigned_official=official,
        )


def start_review(
    req: CertificationRequest,
    *,
    actor: User,
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> CertificationRequest:
    return transition(
        req,
        move="start_review",
        actor=actor,
        expected_version=expected_version,
        http_request=http_request,
    )


# --- the jurisdiction check: not ours ------------------------------------------------------


def forward_targets(req: CertificationRequest) -> QuerySet[Agency]:
    """The agencies `req` can be forwarded to: on certify, so it lands in a queue someone reads,
    and certifying its form (a T request sent to one that signs only U supplements would wait
    for nothing). `forward_request` refuses any other, saying which condition failed."""
    takes_form = (
        {"certifies_t": True} if req.form == CertificationRequest.Form.T else {"certifies_u": True}
    )
    return Agency.objects.filter(on_certify=True, **takes_form).exclude(id=receiving_agency(req).pk)


def forward_request(
    req: CertificationRequest,
    *,
    actor: User,
    to: Agency,
    reasons: str,
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> CertificationRequest:
    """Send a request that is not this agency's case to the agency whose it is, one of
    `forward_targets`: it is received there today and that agency's clock starts. What this
    agency recorded of its own dealings with the victim (a first encounter, a delay notice)
    stays behind: it is not the new agency's.
    """
    if to.pk == req.agency_id:
        raise TransitionError(_("Choose another agency: the request is already this agency's."))
    if not to.on_certify:
        raise TransitionError(
            _("%(agency)s does not take requests on certify yet: return the request instead.")
            % {"agency": to.name}
        )
    if not (to.certifies_t if req.form == CertificationRequest.Form.T else to.certifies_u):
        raise TransitionError(
            _("%(agency)s does not certify this form: choose another agency.") % {"agency": to.name}
        )
    return transition(
        req,
        move="forward",
        actor=actor,
        note=reasons,
        expected_version=expected_version,
        http_request=http_request,
        agency=to,
        assigned_official=None,
        first_encounter_on=None,
        delay_notice_on=None,
    )


def return_request(
    req: CertificationRequest,
    *,
    actor: User,
    reasons: str,
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> CertificationRequest:
    """Close a request that is not this agency's case, telling the requester why."""
    return transition(
        req,
        move="not_ours",
        actor=actor,
        note=reasons,
        expected_version=expected_version,
        http_request=http_request,
    )


# --- the agency's answers -------------------------------------------------------------------


def completion_for(req: CertificationRequest) -> AgencyCompletion:
    completion, _created = AgencyCompletion.objects.get_or_create(request=req)
    return completion


def save_completion(
    req: CertificationRequest,
    *,
    actor: User,
    answers: dict[str, Any],
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> AgencyCompletion:
    """Merge `answers` into the agency's draft, refusing if someone saved since `expected_version`.

    Only keys of the edition's agency parts are accepted: Part 1 is the requester's, and a key
    the edition does not know would silently never reach the PDF.
    """
    edition = request_answers.edition_for(req)
    agency_parts = set(completion_parts(edition))
    allowed = {
        key
        for key, specs in edition.by_key.items()
        if specs[0].part in agency_parts and key in edition.answer_keys
    }
    unknown = set(answers) - allowed
    if unknown:
        raise ValidationError(f"Not agency answers on this edition: {sorted(unknown)}")
    if not actor.has_perm("certify.complete_request", req):
        raise PermissionDenied
    with transaction.atomic():
        completion_for(req)
        completion = AgencyCompletion.objects.select_for_update().get(request=req)
        if completion.version != expected_version:
            raise CompletionConflict(completion)
        merged = dict(completion.answers)
        merged.update(answers)
        completion.answers = merged
        completion.version += 1
        completion.updated_by = actor
        completion.save()
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=completion,
            request_reference=req.reference,
            detail=f"agency answers v{completion.version}",
            http_request=http_request,
        )
        # The assigned official starting to write is the start of the review.
        current = CertificationRequest.objects.select_related("assigned_official").get(pk=req.pk)
        if current.status == Status.ASSIGNED and (
            current.assigned_official and current.assigned_official.user_id == actor.pk
        ):
            transition(current, move="start_review", actor=actor, http_request=http_request)
    return completion


def merged_answers(
    req: CertificationRequest, completion: AgencyCompletion | None = None
) -> dict[str, Any]:
    completion = completion or completion_for(req)
    return request_answers.official_answers(req, completion.answers)


def blank_items(
    req: CertificationRequest, completion: AgencyCompletion | None = None
) -> list[BlankItem]:
    """Required items still blank, except the signature dates the signing itself supplies."""
    edition = request_answers.edition_for(req)
    return [
        item
        for item in blank_required_items(edition, merged_answers(req, completion))
        if item.key not in SIGNING_KEYS
    ]


def assign_many(
    references: list[str],
    *,
    actor: User,
    official: CertifyingOfficial,
    http_request: HttpRequest | None = None,
) -> tuple[list[str], list[str]]:
    """Assign each request to `official`, one transition each: (assigned, refused). A request
    the actor may not route, of another agency than the official's, or in a status that
    cannot be assigned is refused and left as it was."""
    assigned, refused = [], []
    requests = CertificationRequest.objects.filter(reference__in=references[:200])
    found = {req.reference: req for req in requests.select_related("agency")}
    for reference in references[:200]:
        req = found.get(reference)
        if (
            req is None
            or req.agency_id != official.agency_id
            or not actor.has_perm("certify.assign_request", req)
        ):
            refused.append(reference)
            continue
        try:
            assign_request(req, actor=actor, official=official, http_request=http_request)
            assigned.append(reference)
        except TransitionError:
            refused.append(reference)
    return assigned, refused
