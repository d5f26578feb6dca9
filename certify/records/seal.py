"""The integrity seal: every signed supplement and every letter is recorded, with a code anyone
can check. A copy printed for signature is not sealed: it certifies nothing until it is signed.

DHS's inspector general found forged certifications; an agency, USCIS or an advocate can take
the code printed on a supplement (or the file itself) to /verify/ and learn whether certify
issued it, for which agency, when it was signed and whether it still stands.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from certify.records import audit
from certify.records.actors import Actor
from certify.records.models import (
    AuditEntry,
    CertificationRequest,
    SealedPdf,
    new_verification_code,
)
from certify.records.validity import last_safe_filing_date_for

_CODE_IN_TEXT = re.compile(r"Verification code:\s*([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2})")


def reserve_code() -> str:
    """A fresh code, to print on a PDF before the PDF is recorded."""
    while True:
        code = new_verification_code()
        if not SealedPdf.objects.filter(code=code).exists():
            return code


def record(
    *,
    req: CertificationRequest,
    pdf: bytes,
    kind: str,
    actor: Actor,
    code: str | None = None,
    edition: str = "",
) -> SealedPdf:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                sealed = SealedPdf.objects.create(
                    code=code or reserve_code(),
                    request=req,
                    kind=kind,
                    edition=edition,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    created_by=actor if actor is not None and actor.is_authenticated else None,
                )
                audit.record(
                    actor=actor,
                    action=AuditEntry.Action.CREATE,
                    obj=sealed,
                    request_reference=req.reference,
                    detail=kind,
                )
                return sealed
        except IntegrityError:
            if code is not None:
                raise
    raise RuntimeError("Could not find a free verification code")


@dataclass(frozen=True)
class Verdict:
    """What /verify/ may say: never anything about the victim."""

    found: bool
    exact_file: bool | None = None  # None when only a code was given
    kind: str = ""
    agency: str = ""
    agency_state: str = ""
    issued_on: date | None = None
    signature_date: date | None = None
    status: str = ""  # valid | withdrawn | expired | unsigned | denied
    last_safe_filing_date: date | None = None
    code: str = ""


def _verdict(sealed: SealedPdf, *, exact_file: bool | None, today: date) -> Verdict:
    req = sealed.request
    last_day = (
        last_safe_filing_date_for(req.form, req.signature_date) if req.signature_date else None
    )
    if sealed.kind in (SealedPdf.Kind.DENIAL_LETTER,):
        status = "denied"
    elif sealed.kind == SealedPdf.Kind.OFFICIAL_COPY:
        # A copy printed for signature (recorded by earlier versions): never a certification.
        status = "unsigned"
    elif req.status == CertificationRequest.Status.CERT_WITHDRAWN:
        status = "withdrawn"
    elif req.signature_date is None or req.status != CertificationRequest.Status.CERTIFIED:
        status = "unsigned"
    elif last_day is not None and today > last_day:
        status = "expired"
    else:
        status = "valid"
    agency = req.agency
    return Verdict(
        found=True,
        exact_file=exact_file,
        kind=sealed.kind,
        agency=agency.name if agency else "",
        agency_state=agency.state if agency else "",
        issued_on=timezone.localdate(sealed.created_at),
        signature_date=req.signature_date,
        status=status,
        last_safe_filing_date=last_day,
        code=sealed.code,
    )


def normalise_code(code: str) -> str:
    """A code as it is stored (XXXX-XXXX-XX), however it was typed: any case, with or without
    the dashes, with spaces or other separators."""
    plain = "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())
    if len(plain) != 10:
        return plain
    return f"{plain[:4]}-{plain[4:8]}-{plain[8:]}"


def verify_code(code: str, *, today: date | None = None) -> Verdict:
    normalised = normalise_code(code)
    sealed = SealedPdf.objects.select_related("request__agency").filter(code=normalised).first()
    if sealed is None:
        return Verdict(found=False, code=normalised)
    return _verdict(sealed, exact_file=None, today=today or timezone.localdate())


def verify_file(pdf: bytes, *, today: date | None = None) -> Verdict:
    """Match the file to the byte; failing that, read its printed code to report an altered copy."""
    today = today or timezone.localdate()
    digest = hashlib.sha256(pdf).hexdigest()
    sealed = SealedPdf.objects.select_related("request__agency").filter(sha256=digest).first()
    if sealed is not None:
        return _verdict(sealed, exact_file=True, today=today)
    code = code_printed_in(pdf)
    if code:
        sealed = SealedPdf.objects.select_related("request__agency").filter(code=code).first()
        if sealed is not None:
            return _verdict(sealed, exact_file=False, today=today)
    return Verdict(found=False, exact_file=False, code=code or "")


# Reading the printed code back out of a file someone uploaded to /verify/ is bounded: the code
# is printed on every page, so the first few pages are enough, and a page whose drawing
# instructions are unusually long is skipped rather than parsed.
CODE_SEARCH_PAGES = 3
CODE_SEARCH_SECONDS = 3.0
CODE_SEARCH_MAX_PAGE_BYTES = 2 * 1024 * 1024


def code_printed_in(pdf: bytes) -> str:
    deadline = time.monotonic() + CODE_SEARCH_SECONDS
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            reader.decrypt("")
        for number, page in enumerate(reader.pages):
            if number >= CODE_SEARCH_PAGES or time.monotonic() >= deadline:
                break
            contents = page.get_contents()
            if contents is None or len(contents.get_data()) > CODE_SEARCH_MAX_PAGE_BYTES:
                continue
            match = _CODE_IN_TEXT.search(page.extract_text() or "")
            if match:
                return match.group(1)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return ""
    return ""
