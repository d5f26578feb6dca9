"""The public directory of agencies: how each handles requests, and the deadline it works to.

Local ordinances ask agencies to publish their procedures; this is where they are published.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from certify.records.models import Agency
from certify.site.access import public
from workflows.deadlines import NoRuleError, rule_for


def _rules_for(agency: Agency) -> list:
    today = timezone.localdate()
    found = []
    for form, certifies in (("U", agency.certifies_u), ("T", agency.certifies_t)):
        if not certifies:
            continue
        try:
            found.append((form, rule_for(agency.state, form, today)))
        except NoRuleError:
            continue
    return found


@public
def agency_list(request):
    agencies = Agency.objects.order_by("state", "name")
    return render(request, "certify/agency_list.html", {"agencies": agencies})


@public
def agency_detail(request, slug: str):
    agency = get_object_or_404(Agency, slug=slug)
    context = {
        "agency": agency,
        "areas": agency.service_areas.all(),
        "rules": _rules_for(agency),
    }
    return render(request, "certify/agency_detail.html", context)
