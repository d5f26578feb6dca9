"""The official's decisions: the official copy, signing (in ink or electronically), denial
with written reasons, reconsideration, and withdrawal of a certification.

Each action takes keyword arguments and an actor, runs in one transaction, and leaves notices to
after the commit. Status changes go through workflows.lifecycle.transition only; every change
leaves an audit entry; every final PDF is sealed (certify.records.seal).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from certify.records import answers as request_answers
from certify.records import audit, documents, seal
from certify.records.models import (
    AuditEntry,
    CertificationRequest,
    DenialReason,
    RequestEvent,
    SealedPdf,
    SignatureMethod,
    SupportingDocument,
    User,
)
from forms.fill import stamp_verification_code
from forms.stamp import stamp_beside_signature
from workflows import letters, supplement
from workflows.deadlines import (
    FIRST_ENCOUNTER,
    agency_today,
    appeal_due,
    duties_for_agency,
    strictest,
)
from workflows.lifecycle import (
    StaleRequestError,
    TransitionError,
    apply_deadline,
    clock_facts,
    enqueue_notice,
    transition,
)
from workflows.review import BlankItemsError, blank_items, completion_for
from workflows.routing import receiving_agency

Status = CertificationRequest.Status


# The one action behind every official copy, for the workspace and for manage.py fill_form.
prepare_official_copy = supplement.prepare_official_copy


# --- signing --------------------------------------------------------------------------------


def sign_in_ink(
    req: CertificationRequest,
    *,
    actor: User,
    scan: bytes,
    original_name: str,
    signature_date: date,
    expected_version: int,
    http_request: HttpRequest | None = None,
    at: datetime | None = None,
) -> CertificationRequest:
    """Record the ink-signed supplement: the scan is stored and sealed (the first and only
    seal of a supplement signed in ink), and the signature date starts the six-month validity
    (8 CFR 214.14(c)(2)(i)). ``at`` backdates the record (the demo data only)."""
    today = agency_today(receiving_agency(req).time_zone)
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


def _names_match(typed: str, user: User) -> bool:
    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    full = norm(user.get_full_name())
    return bool(full) and norm(typed) == full


def electronic_mark(name: str, when: datetime, tz: tzinfo) -> str:
    local = timezone.localtime(when, tz)
    return f"Signed electronically by {name} on {local:%m/%d/%Y} at {local:%H:%M %Z}"


def sign_electronically(
    req: CertificationRequest,
    *,
    actor: User,
    password: str,
    typed_name: str,
    expected_version: int,
    http_request: HttpRequest | None = None,
    now: datetime | None = None,
) -> CertificationRequest:
    """Sign where the agency's counsel allows it: the password again, the typed name, and the
    moment kept. The PDF says so in words beside the signature box; the box itself stays empty,
    because a typed name there would pass for an ink signature."""
    agency = receiving_agency(req)
    if not agency.electronic_signature_allowed:
        raise PermissionDenied
    errors: dict[str, str] = {}
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
    signature_date = timezone.localtime(now, agency.tz).date()
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
            filled.data, edition, electronic_mark(name, now, receiving_agency(req).tz)
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


def _store_letter(
    req: CertificationRequest, *, actor: User, pdf: bytes, code: str, kind: str, name: str
) -> SupportingDocument:
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
    actor: User,
    reason: str,
    explanation: str,
    expected_version: int,
    http_request: HttpRequest | None = None,
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
        agency = receiving_agency(req)
        today = agency_today(agency.time_zone)
        appeal = duties_for_agency(agency, req.form, today).appeal
        code = seal.reserve_code()
        pdf = letters.denial_letter(
            req,
            code=code,
            on=today,
            appeal_days=appeal.days if appeal else None,
            appeal_day_kind=appeal.day_kind if appeal else "",
            appeal_law=appeal.law if appeal else "",
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
    req: CertificationRequest, *, actor: User, note: str, http_request: HttpRequest | None = None
) -> CertificationRequest:
    """The requester's side asks the agency to look again; where a law sets an answer clock
    (Illinois: 30 business days; California T, Penal Code 236.5(c): one week from new evidence)
    it starts on the day the agency receives the ask. Elsewhere no clock runs."""
    agency = req.agency
    if agency is None:
        raise TransitionError(
            _("A request that is “%(status)s” cannot be moved that way.")
            % {"status": req.get_status_display()}
        )
    today = agency_today(agency.time_zone)
    duties = duties_for_agency(agency, req.form, today)
    return transition(
        req,
        move="ask_reconsideration",
        actor=actor,
        note=note.strip(),
        http_request=http_request,
        appeal_due_date=appeal_due(duties, today),
    )


# --- facts the clocks need from the agency ---------------------------------------------------


def record_first_encounter(
    req: CertificationRequest,
    *,
    actor: User,
    on: date,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> CertificationRequest:
    """The agency records when it first encountered the victim, where a law counts from that
    day (Cal. Penal Code 236.5: 15 business days). The response clock can only move earlier:
    the snapshot taken at receipt stands unless this clock ends before it."""
    if not actor.has_perm("certify.complete_request", req):
        raise PermissionDenied
    with transaction.atomic():
        current = CertificationRequest.objects.select_for_update(of=("self",)).get(pk=req.pk)
        if current.version != expected_version:
            raise StaleRequestError(
                _("Someone else changed this request while you were working on it.")
            )
        agency = current.agency
        if agency is None:
            raise TransitionError(_("The response clock of this request is no longer running."))
        today = agency_today(agency.time_zone)
        if on > today:
            raise ValidationError(_("The first encounter must be today or in the past."))
        if not current.is_open or current.received_on is None:
            raise TransitionError(_("The response clock of this request is no longer running."))
        current.first_encounter_on = on
        rules = duties_for_agency(agency, current.form, current.received_on).rules
        found = strictest(
            [r for r in rules if r.first_encounter_days is not None],
            clock_facts(current, received_on=current.received_on),
        )
        moved = (
            found is not None
            and found.trigger == FIRST_ENCOUNTER
            and current.due_date is not None
            and found.due_date < current.due_date
        )
        if found is not None and moved:
            apply_deadline(current, found)
        current.version += 1
        current.save()
        RequestEvent.objects.create(
            request=current, actor=actor, kind="first_encounter", note="", created_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            request_reference=current.reference,
            detail="first encounter recorded" + ("; due date moved earlier" if moved else ""),
            http_request=http_request,
        )
    req.refresh_from_db()
    return req


def send_delay_notice(
    req: CertificationRequest,
    *,
    actor: User,
    explanation: str,
    projected_on: date,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> CertificationRequest:
    """Answer in time with a written explanation of a delay, the process and a projected date,
    where the law accepts that as a response (G.L. c. 258F, § 3(iii)): the response clock
    stops; the projected date is the agency's own, not a legal deadline."""
    if not actor.has_perm("certify.decide_request", req):
        raise PermissionDenied
    if not explanation.strip():
        raise ValidationError(_("Explain the delay, and what the agency will do to answer."))
    with transaction.atomic():
        current = CertificationRequest.objects.select_for_update(of=("self",)).get(pk=req.pk)
        if current.version != expected_version:
            raise StaleRequestError(
                _("Someone else changed this request while you were working on it.")
            )
        agency = current.agency
        if agency is None:
            raise TransitionError(_("The law for this agency sets no delay notice."))
        today = agency_today(agency.time_zone)
        if not duties_for_agency(
            agency, current.form, current.received_on or today
        ).delay_notice_law:
            raise TransitionError(_("The law for this agency sets no delay notice."))
        if current.status not in DELAY_STATUSES or current.delay_notice_on is not None:
            raise TransitionError(_("A delay can be explained only while the request is open."))
        if current.due_date is not None and today > current.due_date:
            raise TransitionError(
                _("The law accepts a delay notice only by the due date, which has passed.")
            )
        if projected_on <= today:
            raise ValidationError(_("The projected date must be after today."))
        current.delay_notice_on = today
        current.delay_projected_on = projected_on
        current.version += 1
        current.save()
        event = RequestEvent.objects.create(
            request=current,
            actor=actor,
            kind="delay_notice",
            note=explanation.strip(),
            created_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            request_reference=current.reference,
            detail="delay notice sent",
            http_request=http_request,
        )
        transaction.on_commit(partial(enqueue_notice, event.pk), robust=True)
    req.refresh_from_db()
    return req


DELAY_STATUSES = frozenset(
    {Status.RECEIVED, Status.ASSIGNED, Status.IN_REVIEW, Status.INFO_REQUESTED}
)


def withdraw_certification(
    req: CertificationRequest,
    *,
    actor: User,
    reason: str,
    expected_version: int,
    http_request: HttpRequest | None = None,
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
        today = agency_today(receiving_agency(req).time_zone)
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
