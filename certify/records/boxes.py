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

# Request field -> the answer key of its box, per form. (Other names are asked in parts, one
# row each, and the filler sends rows the form has no room for to Part 7.)
_KEYS: dict[str, dict[str, str]] = {
    Form.U: {
        "narrative": "part3.description",
        "injuries": "part3.injuries",
        "helpfulness_details": "part4.helpfulness_description",
        "unmet_request": "part4.refused_explanation",
    },
    Form.T: {
        "narrative": "part3.description",
        "helpfulness_details": "part4.explanation",
    },
}


@dataclass(frozen=True)
class Box:
    """The text box one request field fills on the newest edition of one form."""

    key: str
    part: int
    item: str
    # Characters that fit in the box.
    chars: int

    def overflows(self, value: str) -> bool:
        """Whether `value`, as the requester typed it, is more than the box holds."""
        return len(value) > self.chars


def box_for(form: str, field: str) -> Box | None:
    """The box of request field `field` on the newest edition of `form` ("U" or "T"), or None
    where the field has no box of its own on that form (or the box has no known size)."""
    key = _KEYS.get(form, {}).get(field)
    if key is None:
        return None
    spec = get_edition(FORM_CODES[Form(form)]).by_key[key][0]
    if not spec.max_chars:
        return None
    return Box(key=key, part=spec.part, item=spec.item, chars=spec.max_chars)


def boxed_fields(form: str) -> frozenset[str]:
    """The request fields that have a box of their own on `form`."""
    return frozenset(_KEYS.get(form, {}))
