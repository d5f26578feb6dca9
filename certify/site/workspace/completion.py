"""The agency's parts of the supplement as web forms, one per part, from its questions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from certify.records.agency_parts import Question, questions, to_answers
from certify.records.models import US_STATES
from certify.site.wizard.forms import Checkboxes, DatePartsField, Radios
from forms.editions.base import Edition, _NotApplicable


class PartForm(forms.Form):
    """Every field optional: a draft saves whatever is there, and the blank-item check (not
    the form) tells the official what USCIS would reject."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, edition: Edition, part: int, **kwargs: Any) -> None:
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
