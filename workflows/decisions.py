"""The official's decisions: the official copy, signing (in ink or electronically), denial
with written reasons, reconsideration, and withdrawal of a certification.

Each action takes keyword arguments and an actor, runs in one transaction, and leaves notices to
after the commit. Status changes go through workflows.lifecycle.transition only; every change
leaves an audit entry; every final PDF is sealed (certify.records.seal).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certify.records import answers as request_answers
from certify.records import documents, seal
from certify.records.models import (
    CertificationRequest,
    DenialReason,
    SealedPdf,
    SignatureMethod,
    SupportingDocument,
)
from forms.fill import stamp_verification_code
from forms.stamp import stamp_beside_signature
from workflows import letters, supplement
from workflows.deadlines import agency_today, appeal_due, rule_for
from workflows.lifecycle import transition
from workflows.review import BlankItemsError, blank_items, completion_for

Status = CertificationRequest.Status


# The one action behind every official copy, for the workspace and for manage.py fill_form.
prepare_official_copy = supplement.prepare_official_copy


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
    at: datetime | None = None,
) -> CertificationRequest:
    """Record the ink-signed supplement: the scan is stored and sealed (the first and only
    seal of a supplement signed in ink), and the signature date starts the six-month validity
    (8 CFR 214.14(c)(2)(i)). ``at`` backdates the record (the demo data only)."""
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
            at=at,
            signature_date=signature_date,
            signature_method=SignatureMethod.INK,
            signed_at=at or timezone.now(),
        )
        code = seal.reserve_code()
        document = documents.store(
            actor=actor,
            certification_request=req,
            kind=SupportingDocument.Kind.SIGNED_SUPPLEMENT,
            content=_with_code(scan, code),
            original_name=original_name,
        )
        # Sealed as stored: images are re-encoded on upload, and the file people download and
        # check at /verify/ is the stored one.
        seal.record(
            req=req,
            pdf=documents.read_content(document),
            kind=SealedPdf.Kind.SIGNED_SCAN,
            actor=actor,
            code=code,
            edition=request_answers.edition_for(req).slug,
        )
    return req


def _with_code(scan: bytes, code: str) -> bytes:
    """A PDF scan gets the verification code in the footer of every page, so a printed copy
    can be checked at /verify/; an image scan is kept as it is (checked by the file)."""
    if not scan.startswith(b"%PDF-"):
        return scan
    try:
        return stamp_verification_code(scan, code)
    except Exception:  # noqa: BLE001 - a scan pypdf cannot rewrite is kept as uploaded
        return scan


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
    supplement.check_edition(request_answers.edition_for(req))
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
        edition = request_answers.edition_for(req)
        code = seal.reserve_code()
        filled = supplement.fill_official(req, completion_for(req), verification_code=code)
        pdf = stamp_beside_signature(
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
