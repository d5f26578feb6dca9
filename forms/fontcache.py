"""Font metrics read once per process instead of once per text field.

pypdf builds a text field's appearance from a `Font` it reads afresh from the field's font
resource every time (`Font.from_font_resource`), and for an embedded TrueType font it opens
the font file again to map characters to glyphs (`Font._get_typographic_maps`). A 133-field
fill spent about 40% of its time there, reading the same two fonts over and over; it also
parsed the same default-appearance string ("/Helv 10 Tf 0 g") once per field. `install()`
wraps both with caches keyed on the font resource's content (names, numbers, and a CRC and
length of each embedded stream), so identical resources in every cloned writer share the work.

Callers get a copy whose width table is their own: pypdf changes it in place when it switches
a core font to another encoding.
"""

from __future__ import annotations

import copy
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)
from pypdf.generic._appearance_stream import TextStreamAppearance
from pypdf.generic._font import Font

MAX_FONTS = 64
_KEY_ATTRIBUTE = "_certify_font_key"
_fonts: OrderedDict[tuple[object, ...], Font] = OrderedDict()
_maps: dict[tuple[object, ...], tuple[dict[str, str], dict[str, bytes]]] = {}
_by_object: OrderedDict[int, tuple[DictionaryObject, tuple[object, ...]]] = OrderedDict()
_lock = threading.Lock()
_installed = False


def _fingerprint(obj: PdfObject | Any, depth: int = 0) -> object:
    if isinstance(obj, IndirectObject):
        obj = obj.get_object()
    if depth > 6:
        return "..."
    if isinstance(obj, StreamObject):
        raw = obj._data
        return ("stream", len(raw), zlib.crc32(raw), _fingerprint(dict(obj), depth + 1))
    if isinstance(obj, DictionaryObject):
        return tuple(sorted((str(k), _fingerprint(v, depth + 1)) for k, v in obj.items()))
    if isinstance(obj, ArrayObject):
        return tuple(_fingerprint(v, depth + 1) for v in obj)
    return (type(obj).__name__, str(obj))


def _key(font_dict: DictionaryObject) -> tuple[object, ...]:
    """The resource's content key; the same dictionary object (every field of one fill) is
    looked up by identity, and kept referenced so its id cannot be reused meanwhile."""
    held = _by_object.get(id(font_dict))
    if held is not None and held[0] is font_dict:
        return held[1]
    key = ("font", _fingerprint(font_dict))
    _by_object[id(font_dict)] = (font_dict, key)
    if len(_by_object) > 4 * MAX_FONTS:
        _by_object.popitem(last=False)
    return key


def _own_copy(font: Font) -> Font:
    mine = copy.copy(font)
    mine.character_widths = dict(font.character_widths)
    return mine


def install() -> None:
    """Wrap pypdf's font readers with the caches (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    read_resource: Callable[[DictionaryObject], Font] = Font.from_font_resource
    read_maps = Font._get_typographic_maps

    def from_font_resource(cls: type[Font], pdf_font_dict: DictionaryObject) -> Font:
        with _lock:
            key = _key(pdf_font_dict)
            font = _fonts.get(key)
        if font is None:
            font = read_resource(pdf_font_dict)
            font.__dict__[_KEY_ATTRIBUTE] = key
            with _lock:
                _fonts[key] = font
                if len(_fonts) > MAX_FONTS:
                    old, _ = _fonts.popitem(last=False)
                    _maps.pop(old, None)
        return _own_copy(font)

    def typographic_maps(self: Font) -> tuple[dict[str, str], dict[str, bytes]]:
        key = self.__dict__.get(_KEY_ATTRIBUTE)
        if key is None:
            return read_maps(self)
        maps = _maps.get(key)
        if maps is None:
            maps = read_maps(self)
            _maps[key] = maps
        return maps

    parse_appearance = TextStreamAppearance._parse_default_appearance
    parsed: dict[bytes, tuple[str | None, float, Any]] = {}

    def parse_default_appearance(
        default_appearance: TextStringObject | ByteStringObject,
    ) -> tuple[str | None, float, Any]:
        # The same few /DA strings ("/Helv 10 Tf 0 g") on every field: parse each once.
        raw = default_appearance.original_bytes
        result = parsed.get(raw)
        if result is None:
            result = parse_appearance(default_appearance)
            if len(parsed) < 4 * MAX_FONTS:
                parsed[raw] = result
        return result

    TextStreamAppearance._parse_default_appearance = staticmethod(parse_default_appearance)  # type: ignore[method-assign]
    Font.from_font_resource = classmethod(from_font_resource)  # type: ignore[method-assign,assignment]
    Font._get_typographic_maps = typographic_maps  # type: ignore[method-assign]
