"""The shape of an edition's field map.

A map row ties one of our stable answer keys to one PDF field of one edition. The rows are data:
when USCIS re-editions a form, a new module gets new rows and the old one stays for documents
already signed on it. Each row carries where its facts came from and whether they were confirmed
against the official PDF, so nobody mistakes a guess for a fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Literal

FormCode = Literal["I-918B", "I-914B"]


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    CHECKBOX = "checkbox"
    # A drop-down (/Ch combo box); the answer is one of its export values.
    CHOICE = "choice"
    # Ink only: the filler refuses to put anything here.
    SIGNATURE = "signature"


class Role(StrEnum):
    ANSWER = "answer"
    # Part 7 header lines repeat an answer given elsewhere (name, A-Number, agency).
    MIRROR = "mirror"
    # Part 7 page/part/item/text boxes, written by the filler from overflowing answers.
    ADDITIONAL_INFO = "additional_info"


class _NotApplicable:
    """Answer meaning "this item does not apply": written as the row's ``none_text``."""

    _instance: _NotApplicable | None = None

    def __new__(cls) -> _NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = _NotApplicable()


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    pdf_name: str
    kind: Kind
    page: int
    part: int
    item: str
    label: str
    confirmed: bool
    source: str
    required: bool = False
    # What USCIS expects written when an item does not apply ("N/A") or the answer is nothing
    # ("None"): a blank required item gets the whole supplement rejected (USCIS, Form I-918
    # Supplement B instructions: "N/A" or "None", never a blank).
    none_text: str | None = None
    # Text that fits the box on one line (or in all lines of a multi-line box).
    max_chars: int | None = None
    lines: int = 1
    # Checkbox: the answer value this box means; None for a stand-alone yes-ticks-it box.
    choice: str | None = None
    # Checkbox: the appearance state the official file uses for "on", where known. The filler
    # always reads the real one from the widget, so this only serves the install check.
    on_state: str | None = None
    # Drop-down export values.
    options: tuple[str, ...] = ()
    role: Role = Role.ANSWER
    mirror_of: str | None = None
    # Text the form prints in front of the box ("A-" before the A-Number): the filler writes
    # the answer without it, so the form does not read "A-A012345678".
    printed_prefix: str | None = None

    @property
    def leaf_name(self) -> str:
        return self.pdf_name.rsplit(".", 1)[-1]

    @property
    def item_ref(self) -> str:
        """How Part 7 and the blank-item report name this box: "Item 2.a"."""
        return f"Item {self.item}"

    @property
    def multiline(self) -> bool:
        return self.lines > 1


# The answer key under which a list of AdditionalEntry rides along with the answers: entries
# that have no box of their own (a fourth family member, a second other name) and go to Part 7
# (Additional Information) with the page, part and item they belong to.
ADDITIONAL_ENTRIES = "@additional_entries"


@dataclass(frozen=True, slots=True)
class AdditionalEntry:
    page: int
    part: int
    item: str
    text: str
    # The answer key the entry continues, for messages (e.g. "part5.member_3").
    key: str = ""


@dataclass(frozen=True, slots=True)
class AdditionalInfoBlock:
    """One Part 7 block: where the overflowing text came from, then the text itself."""

    page_key: str
    part_key: str
    item_key: str
    text_key: str


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


# No slots: cached_property needs the instance __dict__.
@dataclass(frozen=True)
class Edition:
    form: FormCode
    edition: str
    title: str
    page_count: int
    parts: dict[int, str]
    item_titles: dict[tuple[int, str], str]
    fields: tuple[FieldSpec, ...]
    additional_info_part: int
    additional_info_blocks: tuple[AdditionalInfoBlock, ...]
    # Parts the requester's own copy carries; the rest is the certifying official's to complete.
    requester_parts: frozenset[int]
    # SHA-256 of the official PDF, once someone has checked a real file against this map.
    official_sha256: str | None
    sources: dict[str, str]
    # Page-1 box for agency use, where the edition has one; the verification code goes there.
    agency_use_area: Rect | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def slug(self) -> str:
        return f"{self.form}-{self.edition}".replace("/", "-").lower()

    @cached_property
    def by_pdf_name(self) -> dict[str, FieldSpec]:
        return {spec.pdf_name: spec for spec in self.fields}

    @cached_property
    def by_key(self) -> dict[str, tuple[FieldSpec, ...]]:
        grouped: dict[str, list[FieldSpec]] = {}
        for spec in self.fields:
            grouped.setdefault(spec.key, []).append(spec)
        return {key: tuple(specs) for key, specs in grouped.items()}

    @cached_property
    def answer_keys(self) -> frozenset[str]:
        return frozenset(spec.key for spec in self.fields if spec.role is Role.ANSWER)

    def specs(self, role: Role | None = None) -> Iterator[FieldSpec]:
        return (spec for spec in self.fields if role is None or spec.role is role)

    def item_title(self, part: int, item: str) -> str | None:
        return self.item_titles.get((part, item_number(item)))


_ITEM_NUMBER = re.compile(r"^(\d+)")


def item_number(item: str) -> str:
    """'2.a' -> '2': the item heading that sub-items share."""
    match = _ITEM_NUMBER.match(item)
    return match.group(1) if match else item
