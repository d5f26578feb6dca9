"""Supporting documents: checked by content, encrypted, kept outside any served path."""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from certify import crypto
from certify.models import AuditEntry, CertificationRequest, SupportingDocument


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


# The first bytes decide the type; the uploader's file name and declared type are ignored.
_SIGNATURES: tuple[tuple[bytes, Sniffed], ...] = (
    (b"%PDF-", Sniffed("application/pdf", "pdf")),
    (b"\xff\xd8\xff", Sniffed("image/jpeg", "jpg")),
    (b"\x89PNG\r\n\x1a\n", Sniffed("image/png", "png")),
)


def sniff(head: bytes) -> Sniffed | None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def check_upload(content: bytes) -> Sniffed:
    if len(content) > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB. Upload a smaller copy."),
            code="too_large",
            params={"limit": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)},
        )
    if not content:
        raise ValidationError(_("The file is empty. Choose the file again."), code="empty")
    kind = sniff(content[:16])
    if kind is None:
        raise ValidationError(
            _("The file must be a PDF, JPEG or PNG. This file is another kind."),
            code="bad_type",
        )
    return kind


def _directory() -> Path:
    path = settings.PRIVATE_STORAGE_DIR / "documents"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _path(document: SupportingDocument) -> Path:
    return _directory() / document.storage_name


def store(
    *,
    actor,
    certification_request: CertificationRequest,
    kind: str,
    content: bytes,
    original_name: str = "",
) -> SupportingDocument:
    from certify import audit

    sniffed = check_upload(content)
    storage_name = f"{secrets.token_hex(16)}.{sniffed.extension}.enc"
    path = _directory() / storage_name
    path.write_bytes(crypto.encrypt_bytes(content))
    path.chmod(0o600)
    try:
        with transaction.atomic():
            document = SupportingDocument.objects.create(
                request=certification_request,
                kind=kind,
                storage_name=storage_name,
                original_name=Path(original_name).name[:200],
                content_type=sniffed.content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=actor,
            )
            audit.record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=document,
                request_reference=certification_request.reference,
            )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return document


def read_content(document: SupportingDocument) -> bytes:
    return crypto.decrypt_bytes(_path(document).read_bytes())


def rotate(document: SupportingDocument) -> None:
    path = _path(document)
    rotated = crypto.rotate_token(path.read_bytes())
    tmp = path.with_suffix(".rotating")
    tmp.write_bytes(rotated)
    tmp.chmod(0o600)
    tmp.replace(path)


def download_name(document: SupportingDocument) -> str:
    # The download name is generic: a stored file name may carry the victim's name.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        document.content_type, "bin"
    )
    return f"{document.request.reference}-{document.kind}-{document.pk}.{extension}"
