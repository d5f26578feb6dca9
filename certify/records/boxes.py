"""Where the requester's longer answers land on the supplement, and how much fits there.

The wizard tells a requester when an answer is longer than its box on the federal form (the
rest continues in the form's Additional Information part). The sizes come from the edition's
field map (forms.editions); this module only says which box each request field fills, the same
box certify.records.answers writes it to.
"""

from __future__ import annotations

from dataclasses import dataclass

from certify.records.answers import FORM_CODES
from certify.records.models import CertificationRequest
from forms.editions import get_edition

Form = CertificationRequest.Form

# Request field -> the answer key of its box, per form. Other names, one per line in the
# request, fill Part 1's "other names" item: on Form I-918 a name block with one row, on
# Form I-914 one line of text with the names joined by "; ".
_KEYS: dict[str, dict[str, str]] = {
    Form.U: {
        "other_names": "victim.other.given_name",
        "narrative": "part3.description",
        "injuries": "part3.injuries",
        "helpfulness_details": "part4.helpfulness_description",
        "unmet_request": "part4.refused_explanation",
    },
    Form.T: {
        "other_names": "victim.other_names",
        "narrative": "part3.description",
        "helpfulness_details": "part4.explanation",
    },
}
# Boxes that are a name block: they hold one name per row, whatever its length.
_NAME_BLOCKS = frozenset({"victim.other.given_name"})
# Request fields kept as a list, one entry per line in the wizard.
_LISTS = frozenset({"other_names"})
NAME_SEPARATOR = "; "


@dataclass(frozen=True)
class Box:
    """The box one request field fills on the newest edition of one form."""

    key: str
    part: int
    item: str
    # Characters that fit in a text box; None for a name block.
    chars: int | None
    # Names that fit in a name block (one per row); None for a text box.
    names: int | None
    # The field is a list, one entry per line, written to a text box joined by "; ".
    joined: bool = False

    def overflows(self, value: str) -> bool:
        """Whether `value`, as the requester typed it, is more than the box holds."""
        if self.names is not None:
            return len(_entries(value)) > self.names
        if self.chars is None:
            return False
        if self.joined:
            value = NAME_SEPARATOR.join(_entries(value))
        return len(value) > self.chars


def _entries(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def box_for(form: str, field: str) -> Box | None:
    """The box of request field `field` on the newest edition of `form` ("U" or "T"), or None
    where the field has no box of its own on that form."""
    key = _KEYS.get(form, {}).get(field)
    if key is None:
        return None
    spec = get_edition(FORM_CODES[Form(form)]).by_key[key][0]
    if key in _NAME_BLOCKS:
        return Box(key=key, part=spec.part, item=spec.item, chars=None, names=spec.lines)
    return Box(
        key=key,
        part=spec.part,
        item=spec.item,
        chars=spec.max_chars,
        names=None,
        joined=field in _LISTS,
    )


def boxed_fields(form: str) -> frozenset[str]:
    """The request fields that have a box of their own on `form`."""
    return frozenset(_KEYS.get(form, {}))
