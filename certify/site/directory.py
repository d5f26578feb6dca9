"""The public directory of agencies: how each handles requests, and the deadline it works to.

Local ordinances ask agencies to publish their procedures; this is where they are published.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from certify.records.models import Agency
from certify.site.access import public
from workflows.clock import rule_sentence
from workflows.deadlines import Facts, deadline_for_agency, rules_for_agency


def _rules_for(agency: Agency) -> list[dict]:
    """For each form the agency certifies: the standard clock in plain words, and the shortest
    removal-proceedings expedite a law in force gives."""
    today = timezone.localdate()
    found = []
    for form, certifies in (("U", agency.certifies_u), ("T", agency.certifies_t)):
        if not certifies:
            continue
        deadline = deadline_for_agency(agency, form, Facts(received_on=today))
        removal = [
            rule.removal_days
            for rule in rules_for_agency(agency, form, today)
            if rule.removal_days is not None and rule.days is not None
        ]
        found.append(
            {
                "form": form,
                "sentence": rule_sentence(
                    basis=deadline.basis,
                    law=deadline.law,
                    days=deadline.days,
                    day_kind=deadline.day_kind,
                    trigger=deadline.trigger,
                ),
                "removal_days": min(removal) if removal and not deadline.is_policy else None,
            }
        )
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
