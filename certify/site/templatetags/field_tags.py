"""Template helpers for form fields drawn with the U.S. Web Design System's classes."""

from django import forms, template
from django.forms import BoundField
from django.utils.safestring import SafeString

from certify.site import rendering

register = template.Library()

# The USWDS class of each kind of widget; widgets not named here keep their own classes.
USWDS_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxInput, "usa-checkbox__input"),
    (forms.Select, "usa-select"),
    (forms.Textarea, "usa-textarea"),
    (forms.FileInput, "usa-file-input__input"),
    (forms.widgets.Input, "usa-input"),
]


def uswds_class(widget: forms.Widget) -> str:
    for kind, css_class in USWDS_CLASSES:
        if isinstance(widget, kind):
            return css_class
    return ""


@register.filter
def described(bound_field: BoundField) -> SafeString:
    """The field's widget with its USWDS class, pointing aria-describedby at its hint and its
    error message."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    attrs: dict[str, str | bool] = {"aria-describedby": " ".join(ids)} if ids else {}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    widget = bound_field.field.widget
    css_class = uswds_class(widget)
    if css_class and not isinstance(widget, forms.MultiWidget):
        own = widget.attrs.get("class", "")
        error = " usa-input--error" if bound_field.errors and css_class == "usa-input" else ""
        attrs["class"] = f"{css_class}{error} {own}".strip()
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def form_field(context: template.Context, field: BoundField) -> SafeString:
    """One field of a form: its label (a legend for a group of choices), hint, the note on how
    much its box on the supplement holds (`box_notes`, on wizard steps), its error and its
    widget. `certify/includes/field.html` is a Jinja2 template: see certify.site.rendering."""
    notes = context.get("box_notes") or {}
    return rendering.render(
        "certify/includes/field.html",
        {"field": field, "box_note": notes.get(field.name), "described": described},
    )
