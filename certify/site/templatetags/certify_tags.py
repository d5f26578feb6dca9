from django import template
from django.forms import BaseForm

from certify.records.models import CertificationRequest
from certify.site.formerrors import error_list
from workflows.clock import clock_for

register = template.Library()


@register.inclusion_tag("certify/includes/clock.html")
def clock(req: CertificationRequest) -> dict[str, object]:
    """A request's clock wherever it appears: due date, days left, rule, expedited or not."""
    return {"req": req, "clock": clock_for(req)}


@register.inclusion_tag("certify/includes/error_summary.html")
def error_summary(form: BaseForm | None, non_field_anchor: str | None = None) -> dict[str, object]:
    """`{% error_summary form %}`: the summary for pages that pass the form, not a list."""
    return {"errors": error_list(form, non_field_anchor=non_field_anchor)}
