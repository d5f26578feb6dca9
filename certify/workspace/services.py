"""The workspace's writes: named functions with keyword arguments and an actor.

Each validates, runs in one transaction, and leaves notices to after the commit (the lifecycle
enqueues its own; messages here do the same). Status changes go through
workflows.lifecycle.transition only. Every change leaves an audit entry.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from certify import audit, documents, seal, supplement
from certify.models import (
    AgencyCompletion,
    AuditEntry,
    CertificationRequest,
    CertifyingOfficial,
    DenialReason,
    Message,
    SealedPdf,
    SignatureMethod,
    SupportingDocument,
)
from certify.workspace import letters
from certify.workspace.completion import SIGNING_KEYS
from certify.workspace.completion import agency_parts as completion_parts
from forms.fill import BlankItem, blank_required_items, fill
from workflows.deadlines import agency_today, appeal_due, rule_for
from workflows.lifecycle import TransitionError, transition

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
    req: CertificationRequest, *, actor, expected_version: int | None = None, http_request=None
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
    actor,
    official: CertifyingOfficial,
    expected_version: int | None = None,
    http_request=None,
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
    req: CertificationRequest, *, actor, expected_version: int | None = None, http_request=None
) -> CertificationRequest:
    return transition(
        req,
        move="start_review",
        actor=actor,
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
    actor,
    answers: dict[str, Any],
    expected_version: int,
    http_request=None,
) -> AgencyCompletion:
    """Merge `answers` into the agency's draft, refusing if someone saved since `expected_version`.

    Only keys of the edition's agency parts are accepted: Part 1 is the requester's, and a key
    the edition does not know would silently never reach the PDF.
    """
    edition = supplement.edition_for(req)
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


def merged_answers(req: CertificationRequest, completion: AgencyCompletion | None = None):
    completion = completion or completion_for(req)
    return supplement.official_answers(req, completion.answers)


def blank_items(req: CertificationRequest, completion: AgencyCompletion | None = None):
    """Required items still blank, except the signature dates the signing itself supplies."""
    edition = supplement.edition_for(req)
    return [
        item
        for item in blank_required_items(edition, merged_answers(req, completion))
        if item.key not in SIGNING_KEYS
    ]


def prepare_official_copy(req: CertificationRequest, *, actor, http_request=None):
    """The supplement as the official will sign it, sealed; refused while items are blank
    (USCIS rejects a Supplement B with a blank required item, domain.md §1.2)."""
    if not actor.has_perm("certify.decide_request", req):
        raise PermissionDenied
    completion = completion_for(req)
    items = blank_items(req, completion)
    if items:
        raise BlankItemsError(items)
    filled = supplement.render(req, copy="official", completion=completion.answers, actor=actor)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        obj=req,
        request_reference=req.reference,
        detail="official copy for signature",
        http_request=http_request,
    )
    return filled


# --- signing --------------------------------------------------------------------------------


def sign_in_ink(
    req: CertificationRequest,
    *,
    actor,
    scan: bytes,
    original_name: str,
    signature_date: date,
    expected_version: int,
    http_request=None,
) -> CertificationRequest:
    """Record the ink-signed supplement: the scan is stored and sealed, and the signature date
    starts the six-month validity (8 CFR 214.14(c)(2)(i))."""
    today = agency_today(req.agency.time_zone)
    if signature_date > today:
        raise ValidationError(_("The date of signature cannot be in the future."))
    if req.received_on and signature_date < req.received_on:
        raise ValidationError(
            _("The date of signature cannot be before the agency received the request.")
        )
    items = blank_items(req)
    if items:
        raise BlankItemsError(items)
    with transaction.atomic():
        # The status first: a stale version or a move no longer allowed stops here, before the
        # scan is written anywhere.
        req = transition(
            req,
            move="certify",
            actor=actor,
            expected_version=expected_version,
            http_request=http_request,
            signature_date=signature_date,
            signature_method=SignatureMethod.INK,
            signed_at=timezone.now(),
        )
        document = documents.store(
            actor=actor,
            certification_request=req,
            kind=SupportingDocument.Kind.SIGNED_SUPPLEMENT,
            content=scan,
            original_name=original_name,
        )
        # Sealed as stored: images are re-encoded on upload, and the file people download and
        # check at /verify/ is the stored one.
        seal.record(
            req=req,
            pdf=documents.read_content(document),
            kind=SealedPdf.Kind.SIGNED_SCAN,
            actor=actor,
            edition=supplement.edition_for(req).slug,
        )
    return req


def _names_match(typed: str, user) -> bool:
    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    full = norm(user.get_full_name())
    return bool(full) and norm(typed) == full


def electronic_mark(name: str, when: datetime, tz) -> str:
    local = timezone.localtime(when, tz)
    return f"Signed electronically by {name} on {local:%m/%d/%Y} at {local:%H:%M %Z}"


def sign_electronically(
    req: CertificationRequest,
    *,
    actor,
    password: str,
    typed_name: str,
    expected_version: int,
    http_request=None,
    now: datetime | None = None,
) -> CertificationRequest:
    """Sign where the agency's counsel allows it: the password again, the typed name, and the
    moment kept. The PDF says so in words beside the signature box; the box itself stays empty,
    because a typed name there would pass for an ink signature."""
    if not req.agency.electronic_signature_allowed:
        raise PermissionDenied
    errors = {}
    if not actor.check_password(password):
        errors["password"] = _("The password is not right. Enter the password you sign in with.")
    if not _names_match(typed_name, actor):
        errors["typed_name"] = _(
            "Type your full name exactly as it is on your account: %(name)s"
        ) % {"name": actor.get_full_name()}
    if errors:
        raise ValidationError(errors)
    items = blank_items(req)
    if items:
        raise BlankItemsError(items)
    now = now or timezone.now()
    signature_date = timezone.localtime(now, req.agency.tz).date()
    name = " ".join(typed_name.split())
    with transaction.atomic():
        req = transition(
            req,
            move="certify",
            actor=actor,
            expected_version=expected_version,
            http_request=http_request,
            at=now,
            signature_date=signature_date,
            signature_method=SignatureMethod.ELECTRONIC,
            electronic_signature_name=name,
            signed_at=now,
        )
        edition = supplement.edition_for(req)
        code = seal.reserve_code()
        filled = fill(
            edition,
            supplement.official_answers(req, completion_for(req).answers),
            copy="official",
            verification_code=code,
        )
        pdf = _stamp_beside_signature(
            filled.data, edition, electronic_mark(name, now, req.agency.tz)
        )
        seal.record(
            req=req,
            pdf=pdf,
            kind=SealedPdf.Kind.ELECTRONIC,
            actor=actor,
            code=code,
            edition=edition.slug,
        )
        documents.store(
            actor=actor,
            certification_request=req,
            kind=SupportingDocument.Kind.SIGNED_SUPPLEMENT,
            content=pdf,
            original_name=f"{req.reference}-signed-electronically.pdf",
        )
    return req


def _stamp_beside_signature(pdf: bytes, edition, text: str) -> bytes:
    """Write `text` just right of the official's signature box, on the box's page."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    from forms.fill import iter_widgets

    target = edition.by_key["part6.signature"][0].pdf_name
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    for page_index, annot, name in iter_widgets(writer):
        if name != target:
            continue
        x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
        page = writer.pages[page_index]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
        canvas.setFont("Helvetica-Bold", 8)
        left = x1 + 8
        room = max(width - 36 - left, 120)
        words, lines, line = text.split(), [], ""
        for word in words:
            candidate = f"{line} {word}".strip()
            if canvas.stringWidth(candidate, "Helvetica-Bold", 8) > room and line:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
        top = (y0 + y1) / 2 + 4 * (len(lines) - 1)
        for index, piece in enumerate(lines):
            canvas.drawString(left, top - index * 10, piece)
        canvas.showPage()
        canvas.save()
        page.merge_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])
        break
    else:
        raise ValueError("The edition's signature box was not found in the filled PDF")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- denying, reconsideration, withdrawing --------------------------------------------------


def _store_letter(req, *, actor, pdf: bytes, code: str, kind: str, name: str):
    seal.record(req=req, pdf=pdf, kind=kind, actor=actor, code=code)
    return documents.store(
        actor=actor,
        certification_request=req,
        kind=SupportingDocument.Kind.OTHER,
        content=pdf,
        original_name=name,
    )


def deny_request(
    req: CertificationRequest,
    *,
    actor,
    reason: str,
    explanation: str,
    expected_version: int,
    http_request=None,
) -> CertificationRequest:
    """Deny with a coded reason and the agency's words, and issue the letter (English, plus
    the requester's language). The requester is told by the lifecycle's notice."""
    if reason not in DenialReason.values:
        raise ValidationError(_("Choose the main reason for the decision."))
    if not explanation.strip():
        raise ValidationError(_("Explain the decision in the agency's own words."))
    with transaction.atomic():
        req = transition(
            req,
            move="deny",
            actor=actor,
            note=explanation.strip(),
            expected_version=expected_version,
            http_request=http_request,
            denial_reason=reason,
        )
        today = agency_today(req.agency.time_zone)
        rule = rule_for(req.agency.state, req.form, today)
        code = seal.reserve_code()
        pdf = letters.denial_letter(
            req,
            code=code,
            on=today,
            appeal_days=rule.appeal_days,
            appeal_day_kind=rule.appeal_day_kind,
        )
        _store_letter(
            req,
            actor=actor,
            pdf=pdf,
            code=code,
            kind=SealedPdf.Kind.DENIAL_LETTER,
            name=f"{req.reference}-denial-letter.pdf",
        )
    return req


def ask_reconsideration(
    req: CertificationRequest, *, actor, note: str, http_request=None
) -> CertificationRequest:
    """The requester's side asks the agency to look again; where the state sets an appeal
    clock (Illinois: 30 business days) it starts on the day the agency receives the ask."""
    today = agency_today(req.agency.time_zone)
    rule = rule_for(req.agency.state, req.form, today)
    return transition(
        req,
        move="ask_reconsideration",
        actor=actor,
        note=note.strip(),
        http_request=http_request,
        appeal_due_date=appeal_due(rule, today),
    )


def withdraw_certification(
    req: CertificationRequest,
    *,
    actor,
    reason: str,
    expected_version: int,
    http_request=None,
) -> CertificationRequest:
    """Withdraw or disavow a signed certification in writing (8 CFR 214.14(h)(2)(i)(A))."""
    if not reason.strip():
        raise ValidationError(_("Write the agency's reasons for withdrawing the certification."))
    with transaction.atomic():
        req = transition(
            req,
            move="withdraw_certification",
            actor=actor,
            note=reason.strip(),
            expected_version=expected_version,
            http_request=http_request,
        )
        today = agency_today(req.agency.time_zone)
        code = seal.reserve_code()
        pdf = letters.withdrawal_letter(req, code=code, on=today, reason=reason.strip())
        _store_letter(
            req,
            actor=actor,
            pdf=pdf,
            code=code,
            kind=SealedPdf.Kind.WITHDRAWAL_LETTER,
            name=f"{req.reference}-withdrawal-letter.pdf",
        )
    return req


# --- the message thread ---------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    content: bytes
    name: str


def is_agency_side(actor, req: CertificationRequest) -> bool:
    from certify import policy

    return req.agency_id in policy.staff_agency_ids(actor)


def post_message(
    req: CertificationRequest,
    *,
    actor,
    body: str,
    attachment: Attachment | None = None,
    asks_for_information: bool = False,
    expected_version: int | None = None,
    http_request=None,
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
    from workflows.models import NoticeKind
    from workflows.notices import Wanted, notify

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


def describe_date(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


__all__ = [
    "Attachment",
    "BlankItemsError",
    "CompletionConflict",
    "TransitionError",
    "accept_request",
    "ask_reconsideration",
    "assign_request",
    "blank_items",
    "deny_request",
    "post_message",
    "prepare_official_copy",
    "save_completion",
    "sign_electronically",
    "sign_in_ink",
    "start_review",
    "withdraw_certification",
]
