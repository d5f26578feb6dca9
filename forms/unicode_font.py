"""The Unicode TrueType font shipped with the app, and how it was made.

The 14 standard PDF fonts only cover Latin-1-ish code pages, so a name such as "Nguyễn Thị Ánh"
needs an embedded TrueType font. A clean CI machine has no system fonts we can count on, so the
repository ships a subset of DejaVu Sans (Bitstream Vera licence, see fonts/LICENSE-DejaVu.txt)
covering Latin, Vietnamese, Greek and Cyrillic. The subset is renamed because the Vera licence
asks modified fonts not to carry the original names.

Regenerate with: python -m forms.unicode_font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
"""

from __future__ import annotations

import sys
import unicodedata
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_PATH = FONT_DIR / "CertifySans.ttf"
# Resource name used both in /AcroForm /DR and with reportlab; must be a valid PDF name.
FONT_RESOURCE_NAME = "CertifySans"
FAMILY_NAME = "Certify Sans"

# Latin (with Vietnamese in Latin Extended Additional), combining marks, Greek, Cyrillic and the
# punctuation people paste from word processors.
UNICODE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),
    (0x00A0, 0x024F),
    (0x0250, 0x036F),
    (0x0370, 0x03FF),
    (0x0400, 0x052F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
    (0xFFFD, 0xFFFD),
)


@cache
def reportlab_font() -> str:
    """Register the font with reportlab (once per process) and return its name, for anything
    drawn with reportlab that may carry a person's name: continuation pages, letters, packets."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT_RESOURCE_NAME, str(FONT_PATH)))
    return FONT_RESOURCE_NAME


@cache
def font_bytes() -> bytes:
    return FONT_PATH.read_bytes()


@cache
def covered_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(FONT_PATH) as font:
        return frozenset(font.getBestCmap())


def missing_characters(text: str) -> str:
    """The characters of ``text`` the font has no glyph for (they would print as boxes)."""
    covered = covered_codepoints()
    return "".join(ch for ch in text if ord(ch) not in covered and ch not in "\n\r\t")


def can_render(text: str) -> bool:
    return not missing_characters(text)


def is_latin_script(text: str) -> bool:
    """True when every letter of ``text`` is a Latin letter (with any accents: "Trần Văn Nam"
    is Latin; "Иван", "محمد" and "王芳" are not). Digits, spaces and punctuation pass."""
    for ch in text:
        if not ch.isalpha():
            continue
        if not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def build_subset(source: Path, dest: Path = FONT_PATH) -> int:
    """Write the subset of ``source`` to ``dest``; returns its size in bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    # pypdf and reportlab draw glyph by glyph without shaping, so layout tables and hinting
    # would only add weight.
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    unicodes = [cp for start, end in UNICODE_RANGES for cp in range(start, end + 1)]
    with TTFont(source) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        names = font["name"]
        full = f"{FAMILY_NAME} (subset of DejaVu Sans)"
        for record in names.names:
            if record.nameID in (1, 16):
                record.string = FAMILY_NAME
            elif record.nameID == 4:
                record.string = full
            elif record.nameID == 6:
                record.string = FONT_RESOURCE_NAME
        font.save(dest)
    return dest.stat().st_size


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    size = build_subset(Path(sys.argv[1]))
    print(f"wrote {FONT_PATH} ({size} bytes)")
