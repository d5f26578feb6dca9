"""The requester's list of requests: what its search and filters accept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from certify.records.models import Agency, CertificationRequest
from certify.records.selectors import CaseloadFilters

if TYPE_CHECKING:
    _AgencyField = forms.ModelChoiceField[Agency]
else:  # Django's field is not subscriptable at run time
    _AgencyField = forms.ModelChoiceField

Status = CertificationRequest.Status


class CaseloadFilterForm(forms.Form):
    """The list's search and filters. The search box may hold a client's name, which must never
    reach a URL: the page sends the form by POST (and its next page too, see `from_request`);
    a GET may carry the filters, which are codes and ids, but never the search."""

    q = forms.CharField(
        label=_("Find a request"),
        help_text=_("A reference, or the client's full name (family and given names)"),
        required=False,
        max_length=200,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Open (with the agency)")), *Status.choices],
    )
    agency = _AgencyField(
        label=_("Agency"), required=False, queryset=Agency.objects.none(), empty_label=_("Any")
    )
    due = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("overdue", _("Overdue")),
            ("week", _("In the next 7 days")),
            ("month", _("In the next 31 days")),
            ("none", _("No due date")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("due", _("Due date, soonest first")),
            ("newest", _("Newest first")),
            ("reference", _("Reference")),
        ],
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(_AgencyField, self.fields["agency"]).queryset = agencies

    def filters(self) -> CaseloadFilters:
        """The filters asked for; none when the form is empty or not valid."""
        if not self.is_valid():
            return CaseloadFilters()
        data = self.cleaned_data
        agency = data["agency"]
        return CaseloadFilters(
            search=data["q"],
            status=data["status"],
            agency_id=agency.pk if agency else None,
            due=data["due"],
            sort=data["sort"] or "due",
        )


def list_form_data(request: HttpRequest, *, search_field: str) -> QueryDict | None:
    """The filters of a list page: the POSTed form, or the query string without the search
    (a name in a URL would reach browser history, proxies and logs)."""
    if request.method == "POST":
        return request.POST
    data = request.GET.copy()
    data.pop(search_field, None)
    return data or None
