"""Small, real files for upload tests: check_upload parses PDFs and decodes images."""

import io

from PIL import Image
from pypdf import PdfWriter


def pdf(extra_root: dict | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    if extra_root:
        writer._root_object.update(extra_root)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(fmt: str = "PNG", size=(4, 3), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt, **save)
    return out.getvalue()


TINY_PDF = pdf()
