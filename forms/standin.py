"""Stand-in templates: fillable look-alikes of the official forms, for previews and tests.

The official PDFs may not be bundled, yet the pipeline must be exercised against something as
awkward as they are. So each stand-in has the
edition's full field names in a real field hierarchy (``form1[0]`` -> ``#subform[n]`` -> leaf),
an owner password with AES and an empty user password, an ``/XFA`` entry holding stale data, a
``/Perms`` usage-rights entry, and checkbox on-states other than ``/Yes``. Every page says loudly
that it is not the official form.

reportlab draws the pages and creates the widgets (its field names are flat); pypdf then renames
the widgets into the hierarchy, swaps the checkbox states and adds the awkward parts.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from forms.editions import Edition, FieldSpec, Kind, all_editions
from forms.editions.base import item_number

# reportlab ships no type information: the letter page is (width, height) in points.
PAGE_WIDTH: float = LETTER[0]
PAGE_HEIGHT: float = LETTER[1]
MARGIN = 36.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TOP = PAGE_HEIGHT - 66.0
BOTTOM = 48.0
FIELD_FONT_SIZE = 10
LINE_HEIGHT = 11.0
LABEL_SIZE = 7.0
BOX = 9.0
STANDIN_MARK = "NOT THE OFFICIAL USCIS FORM \u2014 stand-in for previews and tests"
# Not a secret: it only stops casual editing, as the owner password on USCIS files does.
OWNER_PASSWORD = "certify-standin-owner"  # noqa: S105
# USCIS checkboxes use many on-state names [S24]; rotate through them so no code can get away
# with assuming /Yes.
ON_STATES = ("/1", "/2", "/A", "/H", "/C", "/On", "/3", "/X")
RED = Color(0.75, 0.05, 0.05)
GREY = Color(0.88, 0.88, 0.88)


def text_box_width(spec: FieldSpec) -> float:
    """Width of a single-line box sized so ``max_chars`` typical characters fit at 10 pt."""
    chars = spec.max_chars or 30
    # Dates get room for their label as well as their ten characters.
    minimum = 100.0 if spec.kind is Kind.DATE else 48.0
    return max(minimum, min(CONTENT_WIDTH, chars * 5.4 + 8))


def default_on_state(spec: FieldSpec, index: int) -> str:
    if spec.on_state:
        return spec.on_state
    if spec.choice in ("yes", "no"):
        # /Y and /N appear on real USCIS yes/no boxes [S24]; "/N" as an *on* state is the trap.
        return "/Y" if spec.choice == "yes" else "/N"
    return ON_STATES[index % len(ON_STATES)]


def tooltip(spec: FieldSpec) -> str:
    return f"Part {spec.part}. Item {spec.item}. {spec.label}"


@dataclass(slots=True)
class _Cell:
    spec: FieldSpec | None
    width: float
    height: float
    text: str = ""


def _cells_for_item(specs: list[FieldSpec], edition: Edition) -> Iterator[_Cell | None]:
    """Cells of one item; None asks for a line break."""
    first = specs[0]
    title = edition.item_title(first.part, first.item)
    boxes = [s for s in specs if s.kind is Kind.CHECKBOX]
    if len(specs) > 1 or boxes:
        heading = f"{item_number(first.item)}. {title or first.label}"
        yield None
        yield _Cell(None, stringWidth(heading, "Helvetica-Bold", 8) + 8, 10, heading)
        if not boxes:
            yield None
    for spec in specs:
        if spec.kind is Kind.CHECKBOX:
            yield _Cell(spec, BOX + 6 + stringWidth(spec.label, "Helvetica", 8) + 10, 11)
        elif spec.kind is Kind.CHOICE:
            yield _Cell(spec, 60, 24)
        elif spec.multiline:
            yield None
            yield _Cell(spec, CONTENT_WIDTH, 9 + spec.lines * LINE_HEIGHT + 4)
            yield None
        elif spec.kind is Kind.SIGNATURE:
            yield _Cell(spec, 300, 9 + 26)
        else:
            yield _Cell(spec, text_box_width(spec), 24)
    if len(specs) > 1 or boxes:
        yield None


def _page_layout(edition: Edition, page: int) -> list[tuple[str, list[_Cell]]]:
    """Rows of cells for one page; a row whose first element is a part heading has no cells."""
    rows: list[tuple[str, list[_Cell]]] = []
    specs = [s for s in edition.fields if s.page == page]
    current_part: int | None = None
    row: list[_Cell] = []
    used = 0.0

    def flush() -> None:
        nonlocal row, used
        if row:
            rows.append(("", row))
        row, used = [], 0.0

    groups: dict[tuple[int, str], list[FieldSpec]] = {}
    for spec in specs:
        groups.setdefault((spec.part, item_number(spec.item)), []).append(spec)
    for (part, _item), group in groups.items():
        if part != current_part:
            flush()
            earlier = any(s.part == part and s.page < page for s in edition.fields)
            suffix = " (continued)" if earlier else ""
            rows.append((f"Part {part}. {edition.parts[part]}{suffix}", []))
            current_part = part
        for cell in _cells_for_item(group, edition):
            if cell is None:
                flush()
                continue
            if used + cell.width > CONTENT_WIDTH + 0.5:
                flush()
            row.append(cell)
            used += cell.width + 6
    flush()
    return rows


def _field_label(spec: FieldSpec) -> str:
    return f"{spec.item}. {spec.label}"


def _draw_page_frame(canvas: Canvas, edition: Edition, page: int) -> None:
    canvas.setFillColor(RED)
    canvas.rect(MARGIN, PAGE_HEIGHT - 30, CONTENT_WIDTH, 18, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 25, STANDIN_MARK)
    canvas.setFillColor(black)
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(MARGIN, PAGE_HEIGHT - 48, edition.title)
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(
        PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 48, f"Edition {edition.edition} (stand-in)"
    )
    # A faint diagonal mark that survives cropping and partial printing.
    canvas.saveState()
    canvas.setFillColor(Color(0.75, 0.05, 0.05, alpha=0.08))
    canvas.setFont("Helvetica-Bold", 44)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, "NOT THE OFFICIAL USCIS FORM")
    canvas.restoreState()
    canvas.setFont("Helvetica", 7)
    canvas.setFillColor(RED)
    canvas.drawString(MARGIN, 26, f"{edition.form} {edition.edition} \u2014 {STANDIN_MARK}")
    canvas.setFillColor(black)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, 26, f"Page {page} of {edition.page_count}")


def _draw_cell(canvas: Canvas, cell: _Cell, x: float, top: float, index: int) -> str:
    """Draw a cell's label and box, create its widget; returns the temporary widget name."""
    form = canvas.acroForm
    spec = cell.spec
    if spec is None:
        canvas.setFont("Helvetica-Bold", 8)
        canvas.drawString(x, top - 8, cell.text)
        return ""
    name = f"f{index:03d}"
    if spec.kind is Kind.CHECKBOX:
        y = top - BOX - 1
        canvas.setLineWidth(0.6)
        canvas.rect(x, y, BOX, BOX)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(x + BOX + 4, y + 1.5, spec.label)
        form.checkbox(
            name=name,
            tooltip=tooltip(spec),
            x=x,
            y=y,
            size=BOX,
            borderWidth=0,
            fillColor=None,
            borderColor=None,
            fieldFlags="",
            buttonStyle="cross",
        )
        return name
    canvas.setFont("Helvetica", LABEL_SIZE)
    label = _field_label(spec)
    while stringWidth(label, "Helvetica", LABEL_SIZE) > cell.width and len(label) > 8:
        label = label[:-2] + "\u2026"
    canvas.drawString(x, top - 7, label)
    height = cell.height - 9
    y = top - cell.height
    canvas.setLineWidth(0.6)
    if spec.kind is Kind.SIGNATURE:
        canvas.setFillColor(Color(1, 1, 0.85))
        canvas.rect(x, y, cell.width, height, stroke=1, fill=1)
        canvas.setFillColor(black)
    else:
        canvas.rect(x, y, cell.width, height)
    common = {
        "name": name,
        "tooltip": tooltip(spec),
        "x": x,
        "y": y,
        "width": cell.width,
        "height": height,
        "borderWidth": 0,
        "fillColor": None,
        "borderColor": None,
        "textColor": black,
        "fontName": "Helvetica",
        "fontSize": FIELD_FONT_SIZE,
    }
    if spec.kind is Kind.CHOICE:
        form.choice(options=list(spec.options), value=spec.options[0], **common)
    else:
        flags = "multiline" if spec.multiline else ""
        form.textfield(value="", fieldFlags=flags, maxlen=None, **common)
    return name


def _draw_pages(edition: Edition) -> tuple[bytes, dict[str, FieldSpec]]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=True)
    canvas.setTitle(f"{edition.title} (stand-in, not the official form)")
    canvas.setAuthor("certify")
    names: dict[str, FieldSpec] = {}
    index = 0
    for page in range(1, edition.page_count + 1):
        _draw_page_frame(canvas, edition, page)
        top = TOP
        for heading, cells in _page_layout(edition, page):
            if heading:
                top -= 4
                canvas.setFillColor(GREY)
                canvas.rect(MARGIN, top - 14, CONTENT_WIDTH, 14, stroke=0, fill=1)
                canvas.setFillColor(black)
                canvas.setFont("Helvetica-Bold", 9.5)
                canvas.drawString(MARGIN + 4, top - 10.5, heading)
                top -= 18
                continue
            height = max(cell.height for cell in cells)
            if top - height < BOTTOM:
                raise ValueError(f"{edition.slug}: page {page} does not fit the layout")
            x = MARGIN
            for cell in cells:
                name = _draw_cell(canvas, cell, x, top, index)
                if name and cell.spec is not None:
                    names[name] = cell.spec
                    index += 1
                x += cell.width + 6
            top -= height + 4
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), names


def _checkbox_streams(
    writer: PdfWriter,
    widget: DictionaryObject,
    shared: dict[tuple[float, float], tuple[IndirectObject, ...]],
) -> tuple[IndirectObject, ...]:
    rect = [float(v) for v in cast(ArrayObject, widget["/Rect"])]
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    # Boxes of one size share their two streams: fewer objects make every fill cheaper.
    if (width, height) in shared:
        return shared[(width, height)]
    # A drawn cross rather than a ZapfDingbats glyph: renders without any font installed.
    on = DecodedStreamObject()
    on.set_data(
        f"q 0 G 1.2 w 1.5 1.5 m {width - 1.5} {height - 1.5} l "
        f"1.5 {height - 1.5} m {width - 1.5} 1.5 l S Q".encode()
    )
    off = DecodedStreamObject()
    off.set_data(b"")
    refs = []
    for stream in (on, off):
        stream.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [NumberObject(0), NumberObject(0), NumberObject(width), NumberObject(height)]
                ),
            }
        )
        refs.append(writer._add_object(stream))
    shared[(width, height)] = tuple(refs)
    return shared[(width, height)]


def _xfa_packets(writer: PdfWriter, edition: Edition) -> ArrayObject:
    """An XFA array whose datasets disagree with the AcroForm values, as a stale one would."""
    packets = {
        "preamble": b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">',
        "template": b'<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/">'
        b'<subform name="form1"/></template>',
        "datasets": b'<xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/">'
        b"<xfa:data><form1><stale>STALE XFA VALUE</stale></form1></xfa:data></xfa:datasets>",
        "postamble": b"</xdp:xdp>",
    }
    array = ArrayObject()
    for name, data in packets.items():
        stream = DecodedStreamObject()
        stream.set_data(data)
        array.append(TextStringObject(name))
        array.append(writer._add_object(stream))
    return array


def build_standin(
    edition: Edition, *, on_state_overrides: Mapping[str, str] | None = None
) -> bytes:
    """The stand-in template PDF of ``edition``.

    ``on_state_overrides`` (full field name -> state such as "/Z") lets tests build a file whose
    boxes disagree with the map.
    """
    overrides = on_state_overrides or {}
    drawn, names = _draw_pages(edition)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(drawn)))
    acro_form = cast(DictionaryObject, writer._root_object["/AcroForm"])
    root_field = DictionaryObject(
        {NameObject("/T"): TextStringObject("form1[0]"), NameObject("/Kids"): ArrayObject()}
    )
    root_ref = writer._add_object(root_field)
    subforms: dict[str, IndirectObject] = {}
    checkbox_index = 0
    shared_streams: dict[tuple[float, float], tuple[IndirectObject, ...]] = {}
    for page in writer.pages:
        for annot_ref in page.get("/Annots", []):
            widget = annot_ref.get_object()
            spec = names[str(widget["/T"])]
            _, subform_name, leaf = spec.pdf_name.split(".")
            if subform_name not in subforms:
                subform = DictionaryObject(
                    {
                        NameObject("/T"): TextStringObject(subform_name),
                        NameObject("/Parent"): root_ref,
                        NameObject("/Kids"): ArrayObject(),
                    }
                )
                subforms[subform_name] = writer._add_object(subform)
                cast(ArrayObject, root_field["/Kids"]).append(subforms[subform_name])
            subform_ref = subforms[subform_name]
            subform_kids = cast(DictionaryObject, subform_ref.get_object())["/Kids"]
            cast(ArrayObject, subform_kids).append(annot_ref)
            widget[NameObject("/T")] = TextStringObject(leaf)
            widget[NameObject("/Parent")] = subform_ref
            widget[NameObject("/TU")] = TextStringObject(tooltip(spec))
            if spec.kind is Kind.CHECKBOX:
                state = overrides.get(spec.pdf_name) or default_on_state(spec, checkbox_index)
                checkbox_index += 1
                on, off = _checkbox_streams(writer, widget, shared_streams)
                widget[NameObject("/AP")] = DictionaryObject(
                    {
                        NameObject("/N"): DictionaryObject(
                            {NameObject(state): on, NameObject("/Off"): off}
                        )
                    }
                )
                widget[NameObject("/V")] = NameObject("/Off")
                widget[NameObject("/AS")] = NameObject("/Off")
                # No /MK caption: poppler would redraw the box from a ZapfDingbats glyph.
                widget.pop("/MK", None)
            elif spec.kind is Kind.CHOICE:
                # Start blank, as the official drop-down does (reportlab preselects the first).
                for key in ("/V", "/DV", "/I"):
                    widget.pop(key, None)
                blank = DecodedStreamObject()
                blank.set_data(b"")
                rect = [float(v) for v in widget["/Rect"]]
                blank.update(
                    {
                        NameObject("/Type"): NameObject("/XObject"),
                        NameObject("/Subtype"): NameObject("/Form"),
                        NameObject("/BBox"): ArrayObject(
                            [
                                NumberObject(0),
                                NumberObject(0),
                                NumberObject(rect[2] - rect[0]),
                                NumberObject(rect[3] - rect[1]),
                            ]
                        ),
                    }
                )
                widget[NameObject("/AP")] = DictionaryObject(
                    {NameObject("/N"): writer._add_object(blank)}
                )
                widget[NameObject("/DA")] = TextStringObject(f"/Helv {FIELD_FONT_SIZE} Tf 0 g")
            else:
                # Auto size lets pypdf wrap multi-line text; single lines keep a fixed size.
                size = 0 if spec.multiline else FIELD_FONT_SIZE
                widget[NameObject("/DA")] = TextStringObject(f"/Helv {size} Tf 0 g")
                # reportlab's appearance of an empty box draws nothing; pypdf writes a real
                # one when the field is filled, and dropping it keeps the file small.
                widget.pop("/AP", None)
    acro_form[NameObject("/Fields")] = ArrayObject([root_ref])
    # reportlab's /Helv carries a 100-name /Differences encoding that pypdf re-parses for every
    # field it fills; plain WinAnsi Helvetica draws the same Latin text.
    helv = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Name"): NameObject("/Helv"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    acro_form[NameObject("/DR")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/Helv"): writer._add_object(helv)})}
    )
    acro_form[NameObject("/XFA")] = _xfa_packets(writer, edition)
    # Reader-extension usage rights, as on USCIS files; any edit invalidates them in Acrobat.
    writer._root_object[NameObject("/Perms")] = DictionaryObject(
        {
            NameObject("/UR3"): DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Sig"),
                    NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
                    NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
                    NameObject("/Contents"): ByteStringObject(b"\x00" * 64),
                }
            )
        }
    )
    writer.add_metadata({"/Subject": "Stand-in template: " + STANDIN_MARK})
    writer.encrypt(
        user_password="",
        owner_password=OWNER_PASSWORD,
        permissions_flag=UserAccessPermissions.PRINT | UserAccessPermissions.FILL_FORM_FIELDS,
        algorithm="AES-256",
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@cache
def _standin_by_slug(slug: str) -> bytes:
    edition = next(e for e in all_editions() if e.slug == slug)
    return build_standin(edition)


def standin_bytes(edition: Edition) -> bytes:
    """The registered edition's stand-in, built once per process."""
    return _standin_by_slug(edition.slug)
