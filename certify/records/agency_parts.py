"""The agency's parts of the supplement (Parts 2 to 6) as questions, built from the edition.

The edition's field map (forms.editions) is the single description of what each part asks, so
a new edition of Supplement B gets its questions (and the workspace its forms) without new
code. Answers are kept keyed like the field map (AgencyCompletion.answers) in JSON-safe values:
text as text, dates as ISO strings, a choice group as its choice, a stand-alone box as true or
false.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from forms.editions.base import Edition, FieldSpec, Kind, Role, item_number

# Dates the official writes beside an ink signature, or that certify stamps when an official
# signs electronically: never asked in the drafting forms, and not "blank" before signing.
SIGNING_KEYS = frozenset({"part6.signature_date", "part6.supervisor_signature_date"})


@dataclass(frozen=True)
class Question:
    """One form field: a text or date box, a choice group (radios), or a checklist of
    stand-alone boxes (the crime checklist), each tied to its answer keys."""

    name: str
    kind: str  # text | date | radio | select | checklist
    keys: tuple[str, ...]
    specs: tuple[FieldSpec, ...]
    part: int
    item: str
    label: str

    @property
    def anchor(self) -> str:
        # The id Django gives the widget (the first box of a group): blank-item links land here.
        suffix = "_0" if self.kind in {"radio", "checklist", "date"} else ""
        return f"id_{self.name}{suffix}"


def field_name(key: str) -> str:
    return key.replace(".", "__")


# Part 1 is the victim's, answered by the requester. Part 2 is printed on the requester's copy
# too (the agency's public details), but it is the official's to confirm.
VICTIM_PART = 1


def agency_parts(edition: Edition) -> list[int]:
    return sorted(p for p in edition.parts if p not in {VICTIM_PART, edition.additional_info_part})


def questions(edition: Edition, part: int) -> list[Question]:
    """The part's questions in the order the form prints them."""
    result: list[Question] = []
    seen: set[str] = set()
    specs = [
        s
        for s in edition.specs(Role.ANSWER)
        if s.part == part and s.kind is not Kind.SIGNATURE and s.key not in SIGNING_KEYS
    ]
    for spec in specs:
        if spec.key in seen:
            continue
        if spec.kind is Kind.CHECKBOX and spec.choice is None:
            # Stand-alone boxes of one item (Part 3's crimes) become one checklist.
            group = [
                s for s in specs if s.item == spec.item and s.kind is Kind.CHECKBOX and not s.choice
            ]
            seen.update(s.key for s in group)
            title = edition.item_title(part, spec.item) or spec.label
            result.append(
                Question(
                    name=field_name(f"item.{part}.{spec.item}"),
                    kind="checklist",
                    keys=tuple(s.key for s in group),
                    specs=tuple(group),
                    part=part,
                    item=spec.item,
                    label=f"{item_number(spec.item)}. {title}",
                )
            )
            continue
        seen.add(spec.key)
        same_key = tuple(s for s in specs if s.key == spec.key)
        if spec.kind is Kind.CHECKBOX:
            kind, title = "radio", edition.item_title(part, spec.item) or spec.label
        elif spec.kind is Kind.DATE:
            kind, title = "date", spec.label
        elif spec.kind is Kind.CHOICE:
            kind, title = "select", spec.label
        else:
            kind, title = "text", spec.label
        result.append(
            Question(
                name=field_name(spec.key),
                kind=kind,
                keys=(spec.key,),
                specs=same_key,
                part=part,
                item=spec.item,
                label=f"{spec.item}. {title}",
            )
        )
    return result


def question_for_key(edition: Edition, key: str) -> Question | None:
    spec = edition.by_key.get(key, (None,))[0]
    if spec is None:
        return None
    for question in questions(edition, spec.part):
        if key in question.keys:
            return question
    return None


def to_answers(question: Question, value: Any) -> dict[str, Any]:
    if question.kind == "checklist":
        chosen = set(value or ())
        # Every box stored, ticked or not: an unticked crime must override the request's prefill.
        return {key: key in chosen for key in question.keys}
    if question.kind == "date":
        return {question.keys[0]: value.isoformat() if value else ""}
    return {question.keys[0]: value or ""}


def display_value(question: Question, value: Any) -> str:
    """How an answer reads in the "what changed" summary."""
    if question.kind == "checklist":
        labels = [s.label for s in question.specs if value and value.get(s.key) is True]
        return ", ".join(labels) or str(_("none ticked"))
    if question.kind == "radio":
        for spec in question.specs:
            if spec.choice == value:
                return spec.label
    return str(value) if value not in (None, "") else str(_("blank"))
