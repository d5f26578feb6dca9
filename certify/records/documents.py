"""Supporting documents: checked by content, encrypted, kept outside any served path."""

import hashlib
import io
import re
import secrets
import time
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

from certify.records import audit, crypto
from certify.records.models import AuditEntry, CertificationRequest, SupportingDocument, User


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


def _too_large() -> ValidationError:
    return ValidationError(
        _("The file is larger than %(limit)d MB. Upload a smaller copy."),
        code="too_large",
        params={"limit": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)},
    )


def read_upload(upload: "UploadedFile[Any]") -> bytes:
    """An uploaded file's bytes, after checking its size (before anything reads or parses it)
    and its content (check_upload). Uploads arrive through certify.site.uploads, which keeps
    them in memory and stops keeping bytes past the limit, so a file too large is never read
    whole."""
    if upload.size is None or upload.size > settings.DOCUMENT_MAX_BYTES:
        raise _too_large()
    upload.seek(0)
    content = bytes(upload.read())
    upload.seek(0)
    check_upload(content)
    return content


def check_upload(content: bytes) -> Sniffed:
    """Decide from the bytes alone whether an upload may be kept, and what it is.

    The uploader's file name and declared type are never consulted. PDFs must parse and carry
    nothing active (scripts, launch actions, embedded files); images must decode within the
    pixel limit. Raises ValidationError with a code per reason.
    """
    if len(content) > settings.DOCUMENT_MAX_BYTES:
        raise _too_large()
    if not content:
        raise ValidationError(_("The file is empty. Choose the file again."), code="empty")
    kind = sniff(content[:16])
    if kind is None:
        raise ValidationError(
            _("The file must be a PDF, JPEG or PNG. This file is another kind."),
            code="bad_type",
        )
    if kind.extension == "pdf":
        _check_pdf(content)
    else:
        _open_image(content)
    return kind


# --- PDFs -----------------------------------------------------------------------------------
# Names that make a PDF do something when opened or clicked, reach outside the file, run a
# script, hold a dynamic (XFA) form, or smuggle another file inside. Refused wherever they
# appear, as a key or as a value: PDF 32000-1, 12.6.4 (action types), 12.7.8 (XFA), 7.11.4
# (embedded files), 12.5.6.15 (file attachment annotations).
_ACTIVE_NAMES = frozenset(
    {
        "JS",
        "JavaScript",
        "AA",  # additional actions: triggered by opening pages, focusing fields, printing...
        "Launch",
        "SubmitForm",
        "ImportData",
        "GoToR",
        "GoToE",
        "URI",
        "XFA",
        "RichMedia",
        "Rendition",
        "Movie",
        "Sound",
        "EmbeddedFile",
        "EmbeddedFiles",
        "EF",
        "FileAttachment",
    }
)
# A PDF name token: "/" then regular characters (PDF 32000-1, 7.2.2 and 7.3.5).
_NAME_TOKEN = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Stream bodies are skipped by the raw scan: compressed bytes match "/JS" by chance.
_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
# Walking a hostile file's object graph must end: files this large are refused as unreadable.
_MAX_PDF_OBJECTS = 200_000


def _refuse_active_pdf() -> NoReturn:
    raise ValidationError(
        _(
            "This PDF contains scripts, actions, links or attached files, which certify does "
            "not accept. Print it to a new PDF or scan the paper copy, and upload that."
        ),
        code="pdf_active_content",
    )


def _refuse_unreadable_pdf() -> NoReturn:
    raise ValidationError(
        _("This PDF could not be read. Save it again as a PDF, or scan the paper copy."),
        code="pdf_unreadable",
    )


def _names_in(data: bytes) -> set[str]:
    names = set()
    for match in _NAME_TOKEN.finditer(data):
        raw = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        names.add(raw.decode("latin-1"))
    return names


def _raw_names(content: bytes) -> set[str]:
    """Every name in the file outside stream bodies, with #xx escapes decoded, so /J#61vaScript
    is seen as /JavaScript even where a parser would not reach it (a damaged xref that a
    forgiving viewer repairs)."""
    return _names_in(_STREAM_BODY.sub(b" ", content))


class _Budget:
    """The work one file may cost: objects visited and seconds spent."""

    def __init__(self) -> None:
        self.visited = 0
        self.deadline = time.monotonic() + settings.PDF_CHECK_SECONDS

    def spend(self) -> None:
        self.visited += 1
        if self.visited > _MAX_PDF_OBJECTS or (
            self.visited % 256 == 0 and time.monotonic() > self.deadline
        ):
            raise ValueError("the file costs too much to check")


def _check_pdf(content: bytes) -> None:
    if _raw_names(content) & _ACTIVE_NAMES:
        _refuse_active_pdf()
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is protected by a password. Remove the password and upload it again."),
                code="pdf_encrypted",
            )
        found = _walk_pdf(reader)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any parser failure means we cannot vouch for the file
        _refuse_unreadable_pdf()
    if found:
        _refuse_active_pdf()


def _every_object(reader: PdfReader) -> list[IndirectObject]:
    """Every object the cross-reference tables list, including those inside object streams
    and those nothing points at: a viewer repairing a damaged file may still reach them."""
    refs = [
        IndirectObject(number, generation, reader)
        for generation, table in reader.xref.items()
        for number in table
    ]
    refs += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    return refs


def _walk_pdf(reader: PdfReader) -> bool:
    """True if any object holds an active name as a key or a value, or opens with an action
    rather than a plain page destination. Walks from the trailer and from every object the
    cross-reference tables list; object streams are decoded as their objects are resolved, and
    their decoded bytes are scanned for names as well."""
    budget = _Budget()
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer, *_every_object(reader)]
    while stack:
        # A reference to a missing object resolves to None, which holds nothing.
        node: PdfObject | None = stack.pop()
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            node = node.get_object()
        budget.spend()
        if isinstance(node, NameObject):
            if node.lstrip("/") in _ACTIVE_NAMES:
                return True
        elif isinstance(node, DictionaryObject):
            for key in node:
                if str(key).lstrip("/") in _ACTIVE_NAMES:
                    return True
            opening = dict.get(node, NameObject("/OpenAction"))
            if opening is not None and isinstance(opening.get_object(), DictionaryObject):
                return True  # an action on opening; a bare destination array is fine
            if (
                isinstance(node, StreamObject)
                and dict.get(node, "/Type") == "/ObjStm"
                and _names_in(node.get_data()) & _ACTIVE_NAMES
            ):
                return True
            # Values in raw form: get() would resolve references before the visited check.
            stack.extend(dict.values(node))
        elif isinstance(node, ArrayObject):
            stack.extend(list.__iter__(node))
    return False


# --- Images ---------------------------------------------------------------------------------
def _open_image(content: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on decompression bombs; both are refusals here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.width * image.height > settings.DOCUMENT_MAX_PIXELS:
                raise ValueError("too many pixels")
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        raise ValidationError(
            _("This image could not be read. Take the photo or scan again and upload it."),
            code="image_unreadable",
        ) from None
    if image.format not in {"JPEG", "PNG"}:
        raise ValidationError(
            _("The file must be a PDF, JPEG or PNG. This file is another kind."),
            code="bad_type",
        )
    return image


def sanitise(content: bytes, kind: Sniffed) -> bytes:
    """Images are decoded and encoded afresh: whatever rode along after the pixels (EXIF with
    the phone's GPS position, comments, appended archives) does not survive. PDFs were checked
    by check_upload and are kept byte for byte, so their hash still matches the sender's."""
    if kind.extension == "pdf":
        return content
    image = ImageOps.exif_transpose(_open_image(content))
    out = io.BytesIO()
    if kind.extension == "jpg":
        image.convert("RGB").save(out, format="JPEG", quality=90, optimize=True)
    else:
        if image.mode not in {"1", "L", "LA", "P", "RGB", "RGBA"}:
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def safe_original_name(name: str) -> str:
    """The uploader's file name, kept only to show back to them: the last path part, without
    control or bidirectional-override characters (which can disguise "exe.pdf" as
    "fdp.exe"), at most 200 characters."""
    base = Path(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    return cleaned.strip()[:200]


def _directory() -> Path:
    path = settings.PRIVATE_STORAGE_DIR / "documents"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _path(document: SupportingDocument) -> Path:
    return _directory() / document.storage_name


def storage_path(document: SupportingDocument) -> Path:
    """Where the encrypted file lives (the retention purge removes it)."""
    return _path(document)


def write_encrypted(content: bytes, sniffed: Sniffed) -> str:
    """Encrypt checked, sanitised bytes into a new file of the private directory; returns its
    storage name (random: never the uploader's file name)."""
    storage_name = f"{secrets.token_hex(16)}.{sniffed.extension}.enc"
    path = _directory() / storage_name
    path.write_bytes(crypto.encrypt_bytes(content))
    path.chmod(0o600)
    return storage_name


def store_file(content: bytes) -> tuple[str, Sniffed]:
    """Check, sanitise and encrypt a file that belongs to no request (a designation letter);
    returns its storage name and what it is."""
    sniffed = check_upload(content)
    return write_encrypted(sanitise(content, sniffed), sniffed), sniffed


def read_stored(storage_name: str) -> bytes:
    if not storage_name or "/" in storage_name or storage_name.startswith("."):
        raise FileNotFoundError(storage_name)
    return crypto.decrypt_bytes((_directory() / storage_name).read_bytes())


def remove_stored(storage_name: str) -> None:
    if storage_name and "/" not in storage_name and not storage_name.startswith("."):
        (_directory() / storage_name).unlink(missing_ok=True)


def store(
    *,
    # A person: a stored document always names who uploaded it (the system uploads nothing).
    actor: User,
    certification_request: CertificationRequest,
    kind: str,
    content: bytes,
    original_name: str = "",
) -> SupportingDocument:
    sniffed = check_upload(content)
    count = SupportingDocument.objects.filter(request=certification_request).count()
    if count >= settings.DOCUMENT_MAX_PER_REQUEST:
        raise ValidationError(
            _("A request can have at most %(limit)d documents. Remove one before adding another."),
            code="too_many",
            params={"limit": settings.DOCUMENT_MAX_PER_REQUEST},
        )
    content = sanitise(content, sniffed)
    storage_name = write_encrypted(content, sniffed)
    path = _directory() / storage_name
    try:
        with transaction.atomic():
            document = SupportingDocument.objects.create(
                request=certification_request,
                kind=kind,
                storage_name=storage_name,
                original_name=safe_original_name(original_name),
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
