from django import template
from django.forms import BaseForm
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from certify.records.models import CertificationRequest
from certify.site import rendering
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


@register.filter
def ltr(value: object) -> SafeString:
    """A reference, code, number or e-mail address kept left to right inside right-to-left text
    (Arabic): `{{ req.reference|ltr }}`, or in blocktranslate, `with ref=req.reference|ltr`."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.simple_tag
def figures_table(rows: list[dict[str, object]], level: str) -> SafeString:
    """`{% figures_table by_state "state" %}`: the public statistics' table of states or of
    agencies (`level`), one row per state or agency with its cells already formatted. Drawn
    with Jinja2 (see certify.site.rendering): an agency table runs to hundreds of rows."""
    by_state = level == "state"
    return rendering.render(
        "certify/reports/figures_table.html",
        {
            "caption": _("Requests by state") if by_state else _("Requests by agency"),
            "headings": [
                _("State") if by_state else _("Agency"),
                _("Received"),
                pgettext("number of requests", "Certified"),
                pgettext("number of requests", "Denied"),
                _("Pending"),
                _("Median days"),
                _("On time"),
            ],
            "rows": rows,
        },
    )
