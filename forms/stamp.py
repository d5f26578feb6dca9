"""Words drawn onto a filled PDF beside a field, such as an electronic signature's record."""

from __future__ import annotations

import io
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject
from reportlab.pdfgen.canvas import Canvas

from forms.editions import Edition
from forms.templates import iter_widgets


def stamp_beside_signature(pdf: bytes, edition: Edition, text: str) -> bytes:
    """Write `text` just right of the official's signature box, on the box's page."""
    target = edition.by_key["part6.signature"][0].pdf_name
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    for page_index, annot, name in iter_widgets(writer):
        if name != target:
            continue
        x0, y0, x1, y1 = (float(v) for v in cast(ArrayObject, annot["/Rect"]))
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
