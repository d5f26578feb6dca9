"""The public directory of agencies: how each handles requests, and the deadline it works to.

Local ordinances ask agencies to publish their procedures; this is where they are published.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from certify.records.models import Agency
from certify.site.access import public
from workflows.clock import rule_in_force
from workflows.deadlines import NoRuleError
from workflows.models import DeadlineRule


def _rules_for(agency: Agency) -> list[tuple[str, DeadlineRule]]:
    found = []
    for form, certifies in (("U", agency.certifies_u), ("T", agency.certifies_t)):
        if not certifies:
            continue
        try:
            found.append((form, rule_in_force(agency=agency, form=form)))
        except NoRuleError:
            continue
    return found


@public
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.order_by("state", "name")
    return render(request, "certify/agency_list.html", {"agencies": agencies})


@public
def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    context = {
        "agency": agency,
        "areas": agency.service_areas.all(),
        "rules": _rules_for(agency),
    }
    return render(request, "certify/agency_detail.html", context)
