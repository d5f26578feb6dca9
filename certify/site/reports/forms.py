"""Filters for the report pages, read from GET parameters and checked like any other input."""

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from certify.records.figures import Period
from certify.records.models import US_STATES, CertificationRequest
from certify.records.statutory import FORMATS

EARLIEST = date(2000, 1, 1)
MAX_DAYS = 5 * 366  # five years of months still draw as a readable chart


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def default_period(today: date) -> Period:
    """The last twelve months, this month included."""
    first = today.replace(day=1)
    for _month in range(11):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(first, today)


class DashboardFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=DateInput(),
        help_text=_("For example, 2025-01-01"),
        error_messages={"invalid": _("Enter the start date as a real date, like 2025-01-01.")},
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=DateInput(),
        help_text=_("For example, 2025-12-31"),
        error_messages={"invalid": _("Enter the end date as a real date, like 2025-12-31.")},
    )
    form = forms.ChoiceField(
        label=_("Certification"),
        required=False,
        choices=[("", _("U and T"))] + list(CertificationRequest.Form.choices),
        error_messages={"invalid_choice": _("Choose U, T, or both.")},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        default = default_period(self.today)
        start = data.get("start") or default.start
        end = data.get("end") or (self.today if data.get("start") else default.end)
        if start < EARLIEST:
            self.add_error("start", _("The start date must be in 2000 or later."))
        elif end < start:
            self.add_error("end", _("The end date must be the same as or after the start date."))
        elif (end - start).days > MAX_DAYS:
            self.add_error("end", _("Choose a period of five years or less."))
        else:
            data["period"] = Period(start, end)
        return data


def statutory_years(today: date) -> list[int]:
    first = min(fmt.first_year for fmt in FORMATS.values())
    return list(range(today.year + 1, first - 1, -1))


class StatutoryYearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        help_text=_("For Washington, the fiscal year that ends in June of this year."),
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [
            (y, str(y)) for y in statutory_years(today)
        ]


class StatsFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year received"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *US_STATES],
        error_messages={"invalid_choice": _("Choose a state from the list.")},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in years]
