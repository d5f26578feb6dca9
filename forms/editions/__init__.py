"""Form editions as data, and the registry that finds them."""

from __future__ import annotations

from forms.editions import i914b_2025_01_20, i918b_2025_01_20
from forms.editions.base import (
    ADDITIONAL_ENTRIES,
    NOT_APPLICABLE,
    AdditionalEntry,
    AdditionalInfoBlock,
    Edition,
    FieldSpec,
    FormCode,
    Kind,
    Rect,
    Role,
)

__all__ = [
    "ADDITIONAL_ENTRIES",
    "NOT_APPLICABLE",
    "AdditionalEntry",
    "AdditionalInfoBlock",
    "Edition",
    "FieldSpec",
    "FormCode",
    "Kind",
    "Rect",
    "Role",
    "all_editions",
    "get_edition",
]

# Newest edition last for each form: get_edition(form) without an edition returns it.
_EDITIONS: tuple[Edition, ...] = (
    i918b_2025_01_20.EDITION,
    i914b_2025_01_20.EDITION,
)


def all_editions() -> tuple[Edition, ...]:
    return _EDITIONS


def get_edition(form: FormCode | str, edition: str | None = None) -> Edition:
    """The edition of ``form`` printed as ``edition`` (e.g. "01/20/25"), or the newest one."""
    candidates = [e for e in _EDITIONS if e.form == form]
    if not candidates:
        known = ", ".join(sorted({e.form for e in _EDITIONS}))
        raise LookupError(f"Unknown form {form!r}; known forms: {known}")
    if edition is None:
        return candidates[-1]
    for candidate in candidates:
        if candidate.edition == edition:
            return candidate
    known = ", ".join(e.edition for e in candidates)
    raise LookupError(f"No edition {edition!r} of {form}; known editions: {known}")
