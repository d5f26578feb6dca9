"""Form files made ready to fill: decrypted, without XFA and usage rights, widgets measured.

A ``Template`` is parsed once and shared: every fill clones it. The official file an installation
registered (forms.install) takes precedence over the generated stand-in (forms.standin).
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfObject,
)

from forms.editions import Edition, Kind, all_editions
from forms.standin import standin_bytes

READ_ONLY = 1
MULTILINE = 1 << 12
_DA_SIZE = re.compile(rb"(\d+(?:\.\d+)?)\s+Tf")


@dataclass(frozen=True, slots=True)
class Widget:
    page_index: int
    width: float
    height: float
    font_size: float
    multiline: bool
    # Non-Off appearance states of a checkbox, read from its /AP /N dictionary.
    on_states: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """A form file made ready to fill: decrypted, without XFA and usage rights."""

    edition: Edition
    data: bytes
    sha256: str
    is_official: bool
    widgets: Mapping[str, Widget]
    page_count: int
    # Parsed once with every object resolved, so each fill clones objects without re-reading
    # the file (about 35 ms of a 133-field fill otherwise).
    reader: PdfReader = field(compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def new_writer(self) -> PdfWriter:
        # Cloning resolves objects through the shared reader; keep threads from interleaving.
        with self._lock:
            return PdfWriter(clone_from=self.reader)

    def on_state(self, pdf_name: str) -> str:
        states = self.widget(pdf_name).on_states
        if len(states) != 1:
            raise TemplateError(f"{pdf_name}: expected one on-state, found {list(states)}")
        return states[0]

    def widget(self, pdf_name: str) -> Widget:
        try:
            return self.widgets[pdf_name]
        except KeyError:
            raise TemplateError(
                f"{self.edition.form} {self.edition.edition}: the template has no field "
                f"{pdf_name!r}"
            ) from None


class TemplateError(Exception):
    pass


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_pdf(data: bytes) -> PdfReader:
    """Open a PDF, decrypting owner-password-only files with the empty user password."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise TemplateError("The PDF needs a user password; USCIS files open with an empty one")
    return reader


def qualified_name(field_obj: DictionaryObject) -> str:
    parts: list[str] = []
    node: DictionaryObject | None = field_obj
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


def iter_widgets(reader: PdfReader | PdfWriter) -> Iterable[tuple[int, DictionaryObject, str]]:
    """(page index, widget annotation, full field name) for every form widget."""
    for page_index, page in enumerate(reader.pages):
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            yield page_index, annot, qualified_name(annot)


def _field_attr(annot: DictionaryObject, key: str) -> PdfObject | None:
    node: DictionaryObject | None = annot
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def checkbox_on_states(annot: DictionaryObject) -> tuple[str, ...]:
    appearance = annot.get("/AP")
    if appearance is None:
        return ()
    normal = appearance.get_object().get("/N")
    if not isinstance(normal.get_object() if normal is not None else None, DictionaryObject):
        return ()
    return tuple(sorted(str(k) for k in normal.get_object() if k != "/Off"))


def prepare_template(data: bytes, edition: Edition, *, is_official: bool) -> Template:
    reader = open_pdf(data)
    writer = PdfWriter(clone_from=reader)
    root = writer._root_object
    acro_form = root.get("/AcroForm")
    if acro_form is None:
        raise TemplateError("The PDF has no AcroForm fields")
    acro_form = acro_form.get_object()
    acro_form.pop("/XFA", None)
    # We write every appearance ourselves; True would make Acrobat ask to save on close.
    acro_form[NameObject("/NeedAppearances")] = BooleanObject(False)
    root.pop("/Perms", None)
    _lock_signature_boxes(writer, _signature_names(edition))
    widgets: dict[str, Widget] = {}
    for page_index, annot, name in iter_widgets(writer):
        rect = [float(v) for v in cast(ArrayObject, annot["/Rect"])]
        da = _field_attr(annot, "/DA") or acro_form.get("/DA") or b""
        # /DA is a PDF string: text (a str) or bytes.
        da_bytes = da.encode("latin-1") if isinstance(da, str) else bytes(cast(bytes, da))
        size_match = _DA_SIZE.search(da_bytes)
        # /Ff is a PDF integer.
        flags = int(cast(int, _field_attr(annot, "/Ff") or 0))
        kind = _field_attr(annot, "/FT")
        widgets[name] = Widget(
            page_index=page_index,
            width=abs(rect[2] - rect[0]),
            height=abs(rect[3] - rect[1]),
            font_size=float(size_match.group(1)) if size_match else 0.0,
            multiline=bool(flags & MULTILINE),
            on_states=checkbox_on_states(annot) if kind == NameObject("/Btn") else (),
        )
    out = io.BytesIO()
    writer.write(out)
    prepared = out.getvalue()
    reader = PdfReader(io.BytesIO(prepared))
    PdfWriter(clone_from=reader)  # resolves and caches every object in the reader
    return Template(
        edition=edition,
        data=prepared,
        sha256=sha256_hex(data),
        is_official=is_official,
        widgets=widgets,
        page_count=len(writer.pages),
        reader=reader,
    )


@cache
def _standin_template(slug: str) -> Template:
    edition = next(e for e in all_editions() if e.slug == slug)
    return prepare_template(standin_bytes(edition), edition, is_official=False)


def standin_template(edition: Edition) -> Template:
    return _standin_template(edition.slug)


def _signature_names(edition: Edition) -> frozenset[str]:
    return frozenset(s.pdf_name for s in edition.fields if s.kind is Kind.SIGNATURE)


def _lock_signature_boxes(writer: PdfWriter, names: frozenset[str]) -> None:
    # Read-only so no one types a name where the instructions demand ink.
    for _page, annot, name in iter_widgets(writer):
        if name in names:
            annot[NameObject("/Ff")] = NumberObject(int(annot.get("/Ff", 0)) | READ_ONLY)
