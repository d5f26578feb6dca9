"""The message thread between the requester's side and the agency, with attachments.

Asking for information and answering it are moves of the lifecycle; a plain message sends its
own notice after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from certify.records import audit, documents, policy
from certify.records.models import (
    AuditEntry,
    CertificationRequest,
    Message,
    SupportingDocument,
    User,
)
from workflows.lifecycle import transition
from workflows.models import NoticeKind
from workflows.notices import Wanted, notify

Status = CertificationRequest.Status


# --- the message thread ---------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    content: bytes
    name: str


def is_agency_side(actor: User, req: CertificationRequest) -> bool:
    return req.agency_id in policy.staff_agency_ids(actor)


def post_message(
    req: CertificationRequest,
    *,
    actor: User,
    body: str,
    attachment: Attachment | None = None,
    asks_for_information: bool = False,
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> Message:
    """Add to the request's secure thread.

    From the agency with `asks_for_information`, the request moves to "information requested"
    (the statutory clock keeps running: due dates are not touched). From the requester's side
    while information is requested, the message is the answer and the request returns to
    review.
    """
    if not actor.has_perm("certify.message_request", req):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError(_("Write your message."))
    agency_side = is_agency_side(actor, req)
    if asks_for_information and not agency_side:
        raise PermissionDenied
    answers_request = not agency_side and req.status == Status.INFO_REQUESTED
    with transaction.atomic():
        if asks_for_information:
            transition(
                req,
                move="request_info",
                actor=actor,
                note=body,
                expected_version=expected_version,
                http_request=http_request,
            )
        elif answers_request:
            transition(req, move="answer_info", actor=actor, http_request=http_request)
        message = Message.objects.create(
            request=req, author=actor, body=body, asks_for_information=asks_for_information
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=message,
            request_reference=req.reference,
            detail="information requested" if asks_for_information else "message",
            http_request=http_request,
        )
        if attachment is not None:
            document = documents.store(
                actor=actor,
                certification_request=req,
                kind=SupportingDocument.Kind.OTHER,
                content=attachment.content,
                original_name=attachment.name,
            )
            document.message = message
            document.save(update_fields=["message"])
        if not (asks_for_information or answers_request):
            # A move notifies through the lifecycle; a plain message needs its own notice.
            transaction.on_commit(partial(_notify_message, message.pk, agency_side), robust=True)
    req.refresh_from_db()
    return message


def _notify_message(message_id: int, from_agency: bool) -> None:
    message = Message.objects.select_related("request__assigned_official").get(pk=message_id)
    req = message.request
    if from_agency:
        recipients, kind = [req.created_by_id], NoticeKind.UPDATE
    else:
        official = req.assigned_official
        recipients = [official.user_id] if official else []
        kind = NoticeKind.REPLY
    notify(
        [
            Wanted(req.pk, user_id, kind, f"message:{message.pk}", req.due_date)
            for user_id in recipients
            if user_id != message.author_id
        ]
    )
