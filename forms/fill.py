"""Turn a mapping of answers into a filled Supplement B, and read one back.

The pipeline: decrypt with the empty user password, drop
``/XFA`` (Acrobat would otherwise render the stale XFA data) and ``/Perms`` (usage rights that any
edit invalidates), fill by full field name, tick checkboxes with each widget's own on-state
(a wrong name silently becomes /Off), and write appearance streams ourselves
(``auto_regenerate=False``) so values show in viewers that ignore NeedAppearances.

This module knows nothing of requests or users: answers in, bytes out.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal, cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)
from pypdf.generic._font import Font
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from forms import fontcache, unicode_font
from forms.editions import NOT_APPLICABLE, Edition, FieldSpec, Kind, Rect, Role
from forms.editions.base import ADDITIONAL_ENTRIES, AdditionalEntry, _NotApplicable
from forms.install import resolve_template
from forms.templates import (
    Template,
    TemplateError,
    Widget,
    _signature_names,
    open_pdf,
    qualified_name,
    sha256_hex,
)

Copy = Literal["requester", "official"]
FieldValue = str | tuple[str, str, float]

SEE_PART_7 = "See Part 7"
_VERIFICATION_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,31}$")


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BlankItem:
    page: int
    part: int
    item: str
    key: str
    label: str

    def __str__(self) -> str:
        return f"Page {self.page}, Part {self.part}, Item {self.item}: {self.label}"


class UndrawableText(ValueError):
    """Text the form's fonts cannot draw: it would print as empty boxes, so nothing is filled.

    ``where`` names the item ("Page 1, Part 1, Item 2.a: Family Name (Last Name)")."""

    def __init__(self, where: str, key: str, characters: str) -> None:
        super().__init__(
            f"{where}: the form's font cannot print {characters!r}. Write it in Latin letters "
            "(a name as spelled on the victim's documents) or in English."
        )
        self.where = where
        self.key = key
        self.characters = characters


@dataclass(frozen=True, slots=True)
class Overflow:
    key: str
    page: int
    part: int
    item: str
    text: str
    # "Part 7, Item 4" or "continuation page 1"
    placed: str

    @property
    def reference(self) -> str:
        return f"Page {self.page}, Part {self.part}, Item {self.item}"


@dataclass(frozen=True, slots=True)
class FilledPdf:
    data: bytes
    overflow: tuple[Overflow, ...]
    continuation_pages: int
    copy: Copy
    flattened: bool
    is_official_template: bool
    template_sha256: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def sha256(self) -> str:
        return sha256_hex(self.data)


# Fonts are read once per process, not once per text field (see forms.fontcache).
fontcache.install()


def _is_blank(value: object) -> bool:
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (set, frozenset, list, tuple)):
        return not value
    return False


def _box_checked(spec: FieldSpec, value: object) -> bool:
    if spec.choice is None:
        if not isinstance(value, bool) and value is not None:
            raise TypeError(f"{spec.key}: a yes-ticks-it box takes True or False, not {value!r}")
        return value is True
    if isinstance(value, (set, frozenset, list, tuple)):
        return spec.choice in value
    return value == spec.choice


def blank_required_items(edition: Edition, answers: Mapping[str, object]) -> list[BlankItem]:
    """Every required item left blank, by page, part and item number.

    USCIS rejects a Supplement B with a blank required item; "N/A" or
    "None" (NOT_APPLICABLE) counts as an answer.
    """
    groups: dict[tuple[int, str], list[FieldSpec]] = {}
    for spec in edition.specs(Role.ANSWER):
        if spec.kind is not Kind.SIGNATURE:
            groups.setdefault((spec.part, spec.item), []).append(spec)
    blank: list[BlankItem] = []
    for (part, item), specs in groups.items():
        if not any(s.required for s in specs):
            continue
        answered = any(
            _box_checked(s, answers.get(s.key))
            if s.kind is Kind.CHECKBOX
            else not _is_blank(answers.get(s.key))
            for s in specs
        )
        if not answered:
            first = specs[0]
            title = edition.item_title(part, item) if first.kind is Kind.CHECKBOX else None
            blank.append(BlankItem(first.page, part, item, first.key, title or first.label))
    return blank


def format_date(value: object, key: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).strftime("%m/%d/%Y")  # noqa: DTZ007
            except ValueError:
                continue
    raise ValueError(f"{key}: {value!r} is not a date (date, 'YYYY-MM-DD' or 'mm/dd/yyyy')")


def _without_prefix(prefix: str, text: str) -> str:
    """'A012345678' -> '012345678' where the form prints 'A-' before the box."""
    letters = re.escape(prefix.rstrip("- "))
    rest = re.sub(rf"^{letters}\s*-?\s*", "", text, flags=re.IGNORECASE)
    return rest if rest and rest[0].isdigit() else text


def _text_for(spec: FieldSpec, value: object) -> str:
    if isinstance(value, _NotApplicable):
        if spec.none_text is None:
            raise ValueError(f"{spec.key}: this item has no N/A answer")
        return spec.none_text
    if spec.kind is Kind.DATE:
        return format_date(value, spec.key)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"{spec.key}: expected text, got {value!r}")
    text = str(value).strip()
    if spec.printed_prefix:
        text = _without_prefix(spec.printed_prefix, text)
    if spec.multiline:
        return "\n".join(line.rstrip() for line in text.splitlines())
    return " ".join(text.split())


@cache
def _latin(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _fits(spec: FieldSpec, widget: Widget, text: str) -> bool:
    if spec.max_chars is not None and len(text) > spec.max_chars:
        return False
    if spec.multiline or widget.multiline:
        return text.count("\n") + 1 <= spec.lines
    font = "Helvetica" if _latin(text) else unicode_font.reportlab_font()
    size = widget.font_size or 10
    # pypdf leaves 2 pt of padding on each side of a single-line box.
    width: float = pdfmetrics.stringWidth(text, font, size)
    return width <= widget.width - 4


# --------------------------------------------------------------------------------------------
# Filling
# --------------------------------------------------------------------------------------------


def _where(spec: FieldSpec) -> str:
    return f"Page {spec.page}, Part {spec.part}, Item {spec.item}: {spec.label}"


def _undrawn(text: str) -> str:
    missing = unicode_font.missing_characters(text)
    return "".join(dict.fromkeys(missing))[:8]


def _entries(answers: Mapping[str, object]) -> tuple[AdditionalEntry, ...]:
    entries = answers.get(ADDITIONAL_ENTRIES) or ()
    if not isinstance(entries, (list, tuple)) or not all(
        isinstance(e, AdditionalEntry) for e in entries
    ):
        raise TypeError(f"{ADDITIONAL_ENTRIES} takes a list of AdditionalEntry")
    return tuple(entries)


def undrawable_items(
    edition: Edition, answers: Mapping[str, object], parts: frozenset[int] | None = None
) -> list[UndrawableText]:
    """Every answer the form's fonts cannot draw, by item, without filling anything."""
    found: list[UndrawableText] = []
    for spec in edition.specs(Role.ANSWER):
        if parts is not None and spec.part not in parts:
            continue
        if spec.kind not in (Kind.TEXT, Kind.DATE):
            continue
        value = answers.get(spec.key)
        if _is_blank(value) or not isinstance(value, str):
            continue
        missing = _undrawn(value)
        if missing:
            found.append(UndrawableText(_where(spec), spec.key, missing))
    for entry in _entries(answers):
        if parts is not None and entry.part not in parts:
            continue
        missing = _undrawn(entry.text)
        if missing:
            where = f"Page {entry.page}, Part {entry.part}, Item {entry.item}"
            found.append(UndrawableText(where, entry.key, missing))
    return found


def _validate(edition: Edition, answers: Mapping[str, object]) -> None:
    unknown = sorted(set(answers) - edition.answer_keys - {ADDITIONAL_ENTRIES})
    if unknown:
        raise ValueError(
            f"{edition.form} {edition.edition} has no answer key(s): {', '.join(unknown)}"
        )
    for spec in edition.specs(Role.ANSWER):
        value = answers.get(spec.key)
        if spec.kind is Kind.SIGNATURE and not _is_blank(value):
            raise ValueError(f"{spec.key}: the signature box is signed in ink, never filled")
        if spec.kind is Kind.CHECKBOX and spec.choice is not None and not _is_blank(value):
            choices = {s.choice for s in edition.by_key[spec.key]}
            given = set(value) if isinstance(value, (set, frozenset, list, tuple)) else {value}
            if not given <= choices:
                raise ValueError(
                    f"{spec.key}: {sorted(map(str, given - choices))} not in "
                    f"{sorted(map(str, choices))}"
                )
        if spec.kind is Kind.CHOICE and not _is_blank(value) and value not in spec.options:
            raise ValueError(f"{spec.key}: {value!r} is not one of the form's options")


@dataclass(frozen=True, slots=True)
class _Extra:
    """Text bound for Part 7: a box's overflow, or an entry with no box of its own."""

    key: str
    page: int
    part: int
    item: str
    text: str


@dataclass(slots=True)
class _Plan:
    values: dict[str, FieldValue] = field(default_factory=dict)
    overflow: list[_Extra] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    needs_unicode: bool = False


def _check_drawable(where: str, key: str, text: str) -> None:
    missing = _undrawn(text)
    if missing:
        raise UndrawableText(where, key, missing)


def _text_value(plan: _Plan, spec: FieldSpec, widget: Widget, text: str) -> FieldValue:
    if _latin(text):
        return text
    _check_drawable(_where(spec), spec.key, text)
    plan.needs_unicode = True
    size = 0.0 if widget.multiline else (widget.font_size or 10.0)
    return (text, "/" + unicode_font.FONT_RESOURCE_NAME, size)


def _plan(template: Template, answers: Mapping[str, object], parts: frozenset[int]) -> _Plan:
    edition = template.edition
    plan = _Plan()
    shown: dict[str, str] = {}
    for spec in edition.specs(Role.ANSWER):
        if spec.part not in parts or spec.kind is Kind.SIGNATURE:
            continue
        value = answers.get(spec.key)
        if spec.kind is Kind.CHECKBOX:
            if _box_checked(spec, value):
                plan.values[spec.pdf_name] = template.on_state(spec.pdf_name)
            continue
        if _is_blank(value):
            continue
        if spec.kind is Kind.CHOICE:
            plan.values[spec.pdf_name] = str(value)
            continue
        text = _text_for(spec, value)
        _check_drawable(_where(spec), spec.key, text)
        widget = template.widget(spec.pdf_name)
        if not _fits(spec, widget, text):
            plan.overflow.append(_Extra(spec.key, spec.page, spec.part, spec.item, text))
            marker = SEE_PART_7 if len(SEE_PART_7) <= (spec.max_chars or 99) else "Pt. 7"
            plan.values[spec.pdf_name] = marker
            shown[spec.key] = marker
            continue
        shown[spec.key] = text
        plan.values[spec.pdf_name] = _text_value(plan, spec, widget, text)
    for spec in edition.specs(Role.MIRROR):
        if spec.mirror_of in shown:
            text = shown[spec.mirror_of]
            plan.values[spec.pdf_name] = _text_value(
                plan, spec, template.widget(spec.pdf_name), text
            )
    return plan


def _split(text: str, limit: int) -> tuple[str, str]:
    """Split at a word boundary so the head is at most ``limit`` characters."""
    if len(text) <= limit:
        return text, ""
    cut = text.rfind(" ", 0, limit + 1)
    if cut < limit // 2:
        cut = limit
    return text[:cut].rstrip(), text[cut:].lstrip()


CONTINUED = " [continued on the attached page]"


def _place_overflow(
    template: Template, plan: _Plan
) -> tuple[list[Overflow], list[tuple[str, str]]]:
    """Fill Part 7 blocks; return what went where and the continuation-page entries."""
    edition = template.edition
    blocks = list(edition.additional_info_blocks)
    placed: list[Overflow] = []
    continuation: list[tuple[str, str]] = []
    part7 = edition.additional_info_part
    for extra in plan.overflow:
        text = extra.text
        ref = f"Page {extra.page}, Part {extra.part}, Item {extra.item}"
        if blocks:
            block = blocks.pop(0)
            specs = {
                k: edition.by_key[k][0]
                for k in (block.page_key, block.part_key, block.item_key, block.text_key)
            }
            text_spec = specs[block.text_key]
            capacity = text_spec.max_chars or 0
            flat = " ".join(text.split())
            head, rest = _split(flat, capacity)
            if rest:
                head, rest = _split(flat, capacity - len(CONTINUED))
                head += CONTINUED
            plan.values[specs[block.page_key].pdf_name] = str(extra.page)
            plan.values[specs[block.part_key].pdf_name] = str(extra.part)
            plan.values[specs[block.item_key].pdf_name] = extra.item
            widget = template.widget(text_spec.pdf_name)
            plan.values[text_spec.pdf_name] = _text_value(plan, text_spec, widget, head)
            item = text_spec.item.split(".")[0]
            placed.append(
                Overflow(
                    extra.key,
                    extra.page,
                    extra.part,
                    extra.item,
                    text,
                    f"Part {part7}, Item {item}",
                )
            )
            if rest:
                continuation.append((f"{ref} (continued)", rest))
        else:
            continuation.append((ref, text))
            placed.append(
                Overflow(extra.key, extra.page, extra.part, extra.item, text, "continuation page")
            )
    return placed, continuation


def _continuation_pages(
    edition: Edition, entries: Sequence[tuple[str, str]], header: str, standin: bool
) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus.flowables import Flowable

    font = unicode_font.reportlab_font()
    title = ParagraphStyle("title", fontName=font, fontSize=11, leading=14, spaceAfter=4)
    ref_style = ParagraphStyle("ref", fontName=font, fontSize=9, leading=12, spaceBefore=6)
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=12.5)

    def escape(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story: list[Flowable] = [
        Paragraph(escape(f"{edition.title} (edition {edition.edition})"), title),
        Paragraph(
            escape(
                f"Continuation of Part {edition.additional_info_part}. "
                f"{edition.parts[edition.additional_info_part]}"
            ),
            title,
        ),
        Paragraph(escape(header), ref_style),
        Spacer(1, 6),
    ]
    for ref, text in entries:
        story.append(Paragraph(escape(ref) + ":", ref_style))
        for para in text.splitlines() or [""]:
            story.append(Paragraph(escape(para) or "&nbsp;", body))

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        from reportlab.lib.colors import Color

        canvas.saveState()
        canvas.setFont(font, 7)
        label = f"{edition.form} {edition.edition} \u2014 continuation page {doc.page}"
        canvas.drawString(36, 26, label)
        if standin:
            canvas.setFillColor(Color(0.75, 0.05, 0.05))
            canvas.setFont("Helvetica-Bold", 10)
            canvas.drawCentredString(
                306, 770, "NOT THE OFFICIAL USCIS FORM \u2014 stand-in for previews and tests"
            )
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=36,
        rightMargin=36,
        topMargin=48,
        bottomMargin=44,
        invariant=True,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


@cache
def _unicode_font() -> Font:
    return Font.from_truetype_font_file(io.BytesIO(unicode_font.font_bytes()))


def _add_unicode_font(writer: PdfWriter) -> None:
    # pypdf's TrueType support is an internal API; it embeds the whole
    # file, which is why we ship a ~110 KB subset rather than DejaVu's 750 KB.
    acro_form = cast(DictionaryObject, writer._root_object["/AcroForm"].get_object())
    resources = acro_form.setdefault(NameObject("/DR"), DictionaryObject()).get_object()
    fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    name = NameObject("/" + unicode_font.FONT_RESOURCE_NAME)
    if name not in fonts:
        _unicode_font()._add_to_writer(writer, fonts, name)


def _update_page(
    writer: PdfWriter, page: PageObject, values: Mapping[str, FieldValue], *, flatten: bool
) -> None:
    """update_page_form_field_values, one widget at a time.

    pypdf compares every widget with every value and recomputes the qualified name each time,
    which is quadratic in the fields on a page (about 20 ms of a 133-field fill). Showing it one
    widget at a time keeps its appearance and flattening logic and makes the work linear.
    """
    annots = page.get("/Annots")
    if annots is None:
        return
    try:
        for ref in list(annots.get_object()):
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            name = qualified_name(annot)
            if name not in values:
                continue
            page[NameObject("/Annots")] = ArrayObject([ref])
            writer.update_page_form_field_values(
                page, {name: values[name]}, auto_regenerate=None, flatten=flatten
            )
    finally:
        page[NameObject("/Annots")] = annots


def _flatten(writer: PdfWriter, keep: frozenset[str]) -> None:
    """Drop every widget but the ink boxes; prune /AcroForm to the fields that remain."""
    kept_refs: list[IndirectObject] = []
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        remaining = ArrayObject()
        for ref in annots.get_object():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget" or qualified_name(annot) in keep:
                remaining.append(ref)
                if annot.get("/Subtype") == "/Widget":
                    kept_refs.append(ref)
        if remaining:
            page[NameObject("/Annots")] = remaining
        else:
            del page["/Annots"]
    root = writer._root_object
    if not kept_refs:
        del root["/AcroForm"]
        return
    # Keep the hierarchy so the remaining box keeps its full name.
    wanted: set[int] = set()
    for ref in kept_refs:
        node = cast(DictionaryObject | None, ref.get_object())
        while node is not None:
            wanted.add(id(node))
            parent = node.get("/Parent")
            node = parent.get_object() if parent is not None else None

    def prune(refs: ArrayObject) -> ArrayObject:
        kept = ArrayObject()
        for ref in refs:
            node = ref.get_object()
            if id(node) not in wanted:
                continue
            if "/Kids" in node:
                node[NameObject("/Kids")] = prune(node["/Kids"])
            kept.append(ref)
        return kept

    acro_form = cast(DictionaryObject, root["/AcroForm"].get_object())
    acro_form[NameObject("/Fields")] = prune(cast(ArrayObject, acro_form["/Fields"]))


def fill(
    edition: Edition,
    answers: Mapping[str, object],
    *,
    copy: Copy,
    flatten: bool = False,
    verification_code: str | None = None,
    template: Template | None = None,
) -> FilledPdf:
    """Fill ``edition`` with ``answers`` (answer key -> value).

    ``copy="requester"`` fills only the parts the requester supplies (Part 1, and Part 2 when
    given); ``"official"`` fills every part. The signature box is never filled. Text that does
    not fit goes to Part 7 with its page/part/item reference, then to continuation pages.
    """
    _validate(edition, answers)
    entries = _entries(answers)
    template = template or resolve_template(edition)
    if template.edition is not edition and template.edition.slug != edition.slug:
        raise TemplateError("The template belongs to another edition")
    parts = edition.requester_parts if copy == "requester" else frozenset(edition.parts)
    plan = _plan(template, answers, parts)
    for entry in entries:
        if entry.part not in parts:
            continue
        where = f"Page {entry.page}, Part {entry.part}, Item {entry.item}"
        _check_drawable(where, entry.key, entry.text)
        plan.overflow.append(_Extra(entry.key, entry.page, entry.part, entry.item, entry.text))
    # Part 7 reads in the form's order: page, then part (stable within each).
    plan.overflow.sort(key=lambda extra: (extra.page, extra.part))
    overflow, continuation = _place_overflow(template, plan)

    writer = template.new_writer()
    if plan.needs_unicode:
        _add_unicode_font(writer)
    by_page: dict[int, dict[str, FieldValue]] = {}
    for name, value in plan.values.items():
        by_page.setdefault(template.widget(name).page_index, {})[name] = value
    for page_index, values in sorted(by_page.items()):
        _update_page(writer, writer.pages[page_index], values, flatten=flatten)
    # update_page_form_field_values leaves the flag alone for a single page; say it plainly.
    signatures = _signature_names(edition)

    pages_added = 0
    if continuation:
        header = _continuation_header(edition, answers, parts)
        extra = PdfReader(
            io.BytesIO(_continuation_pages(edition, continuation, header, not template.is_official))
        )
        for page in extra.pages:
            writer.add_page(page)
        pages_added = len(extra.pages)
    if flatten:
        _flatten(writer, signatures)

    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if verification_code:
        data = stamp_verification_code(
            data, verification_code, agency_use_area=edition.agency_use_area
        )
    return FilledPdf(
        data=data,
        overflow=tuple(overflow),
        continuation_pages=pages_added,
        copy=copy,
        flattened=flatten,
        is_official_template=template.is_official,
        template_sha256=template.sha256,
        warnings=tuple(plan.warnings),
    )


def _continuation_header(
    edition: Edition, answers: Mapping[str, object], parts: frozenset[int]
) -> str:
    pieces: list[str] = []
    for spec in edition.specs(Role.MIRROR):
        source = edition.by_key.get(spec.mirror_of or "")
        value = answers.get(spec.mirror_of or "")
        if (
            source
            and source[0].part in parts
            and not _is_blank(value)
            and not isinstance(value, _NotApplicable)
        ):
            text = str(value).strip()
            if spec.printed_prefix:
                text = _without_prefix(spec.printed_prefix, text)
            pieces.append(f"{spec.label}: {text}")
    return "; ".join(pieces)


# --------------------------------------------------------------------------------------------
# Reading back and stamping
# --------------------------------------------------------------------------------------------


def read_back(pdf_bytes: bytes) -> dict[str, str]:
    """Every terminal field's value by full name ("" when empty; checkboxes as "/State")."""
    reader = open_pdf(pdf_bytes)
    values: dict[str, str] = {}
    for name, fld in (reader.get_fields() or {}).items():
        if "/FT" not in fld:
            continue
        value = fld.get("/V")
        values[name] = "" if value is None else str(value)
    return values


def stamp_verification_code(
    pdf_bytes: bytes, code: str, *, agency_use_area: Rect | None = None
) -> bytes:
    """Print ``code`` in the footer of every page, and in page 1's agency-use box if any.

    The footer copy means each page can be checked on its own once a packet is separated.
    """
    if not _VERIFICATION_CODE.match(code):
        raise ValueError("A verification code is 4-32 upper-case letters, digits or hyphens")
    from reportlab.lib.colors import black
    from reportlab.pdfgen.canvas import Canvas

    reader = open_pdf(pdf_bytes)
    writer = PdfWriter(clone_from=reader)
    stamps: dict[tuple[float, float, bool], PdfReader] = {}
    for index, page in enumerate(writer.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        first = index == 0 and agency_use_area is not None
        key = (width, height, first)
        if key not in stamps:
            buffer = io.BytesIO()
            canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
            canvas.setFillColor(black)
            canvas.setFont("Helvetica-Bold", 8)
            canvas.drawRightString(width - 36, 14, f"Verification code: {code}")
            if first and agency_use_area is not None:
                area = agency_use_area
                canvas.setFont("Helvetica-Bold", 10)
                canvas.drawString(area.x + 4, area.y + area.height / 2 - 4, code)
            canvas.showPage()
            canvas.save()
            stamps[key] = PdfReader(io.BytesIO(buffer.getvalue()))
        page.merge_page(stamps[key].pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = [
    "ADDITIONAL_ENTRIES",
    "NOT_APPLICABLE",
    "AdditionalEntry",
    "BlankItem",
    "FilledPdf",
    "Overflow",
    "UndrawableText",
    "blank_required_items",
    "fill",
    "read_back",
    "stamp_verification_code",
    "undrawable_items",
]
