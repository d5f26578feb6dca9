from django import template

from certify.site.formerrors import error_list
from workflows.clock import clock_for

register = template.Library()


@register.inclusion_tag("certify/includes/clock.html")
def clock(req):
    """A request's clock wherever it appears: due date, days left, rule, expedited or not."""
    return {"req": req, "clock": clock_for(req)}


@register.inclusion_tag("certify/includes/error_summary.html")
def error_summary(form, non_field_anchor=None):
    """`{% error_summary form %}`: the summary for pages that pass the form, not a list."""
    return {"errors": error_list(form, non_field_anchor=non_field_anchor)}
