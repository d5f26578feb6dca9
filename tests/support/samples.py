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


def pdf_with_object_stream(hidden: bytes, *, referenced: bool = True) -> bytes:
    """A one-page PDF whose link annotation (object 4, `hidden` is its dictionary) lives only
    inside a compressed object stream, found through a cross-reference stream: its names never
    appear in the file's bytes. With `referenced=False` nothing points at it either."""
    import struct
    import zlib

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def obj(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    annots = b" /Annots [4 0 R]" if referenced else b""
    obj(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72]%s >>" % annots)
    header = b"4 0 "
    packed = zlib.compress(header + hidden)
    obj(
        5,
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream",
    )
    rows = [(0, 0, 65535), (1, offsets[1], 0), (1, offsets[2], 0), (1, offsets[3], 0)]
    rows += [(2, 5, 0), (1, offsets[5], 0), (1, len(out), 0)]
    table = zlib.compress(b"".join(struct.pack(">BIH", *row) for row in rows))
    xref_at = len(out)
    obj(
        6,
        b"<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
        b"stream\n" % len(table) + table + b"\nendstream",
    )
    out.extend(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)
