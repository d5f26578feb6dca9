"""The agency's parts of the supplement (Parts 2 to 6) as web forms, built from the edition.

The edition's field map (forms.editions) is the single description of what each part asks, so
a new edition of Supplement B gets its forms without new code here. Answers are kept keyed like
the field map (AgencyCompletion.answers) in JSON-safe values: text as text, dates as ISO
strings, a choice group as its choice, a stand-alone box as true or false.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from certify.models import US_STATES
from certify.wizard.forms import Checkboxes, DatePartsField, Radios
from forms.editions.base import Edition, FieldSpec, Kind, Role, _NotApplicable, item_number

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


class PartForm(forms.Form):
    """Every field optional: a draft saves whatever is there, and the blank-item check (not
    the form) tells the official what USCIS would reject."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, edition: Edition, part: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.part = part
        self.questions = questions(edition, part)
        for question in self.questions:
            self.fields[question.name] = _form_field(question)

    def answers(self) -> dict[str, Any]:
        """The cleaned values of the valid fields, keyed like the edition (JSON-safe)."""
        out: dict[str, Any] = {}
        for question in self.questions:
            if question.name not in self.cleaned_data:
                continue  # invalid: left as it was saved, and shown with its error
            out.update(to_answers(question, self.cleaned_data[question.name]))
        return out


def _form_field(question: Question) -> forms.Field:
    spec = question.specs[0]
    hint = ""
    if spec.none_text:
        hint = _("If this does not apply, write %(none)s: USCIS rejects blank items.") % {
            "none": spec.none_text
        }
    if question.kind == "checklist":
        return forms.MultipleChoiceField(
            label=question.label,
            required=False,
            choices=[(s.key, s.label) for s in question.specs],
            widget=Checkboxes,
            help_text=_(
                "Prefilled from the request. Tick each activity the victim suffered, including "
                "activity involving or similar to it; untick what your records do not support."
            ),
        )
    if question.kind == "radio":
        return forms.ChoiceField(
            label=question.label,
            required=False,
            choices=[(s.choice, s.label) for s in question.specs],
            widget=Radios,
        )
    if question.kind == "select":
        return forms.ChoiceField(
            label=question.label, required=False, choices=[("", "—"), *US_STATES]
        )
    if question.kind == "date":
        return DatePartsField(
            what=question.label, label=question.label, required=False, help_text=hint
        )
    widget = (
        forms.Textarea(attrs={"rows": min(spec.lines + 2, 12)})
        if spec.multiline
        else forms.TextInput
    )
    return forms.CharField(
        label=question.label, required=False, widget=widget, help_text=hint, strip=True
    )


def to_answers(question: Question, value: Any) -> dict[str, Any]:
    if question.kind == "checklist":
        chosen = set(value or ())
        # Every box stored, ticked or not: an unticked crime must override the request's prefill.
        return {key: key in chosen for key in question.keys}
    if question.kind == "date":
        return {question.keys[0]: value.isoformat() if value else ""}
    return {question.keys[0]: value or ""}


def initial_for(form_questions: list[Question], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Form initial values from merged answers (supplement.official_answers)."""
    initial: dict[str, Any] = {}
    for question in form_questions:
        if question.kind == "checklist":
            initial[question.name] = [k for k in question.keys if answers.get(k) is True]
            continue
        value = answers.get(question.keys[0])
        if isinstance(value, _NotApplicable):
            value = question.specs[0].none_text or ""
        if question.kind == "date" and isinstance(value, str) and value:
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = None
        initial[question.name] = value
    return initial


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
