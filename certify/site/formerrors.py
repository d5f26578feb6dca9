"""The error summary every form page shows at the top: (anchor, message) pairs.

GOV.UK's pattern links each message to its field. A group of radios or checkboxes, or a date in
parts, has no element with the field's own id, so the link goes to its first input.
"""

from django import forms
from django.forms import BoundField


def anchor_for(bound_field: BoundField) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return str(bound_field.auto_id)


def error_list(
    form: forms.BaseForm | None, *, non_field_anchor: str | None = None
) -> list[tuple[str, str]]:
    """Every error of a bound form, in field order. Errors of the whole form link to
    `non_field_anchor`, by default the first field."""
    if form is None or not form.is_bound or not form.errors:
        return []
    fields = list(form)
    if non_field_anchor is None:
        non_field_anchor = anchor_for(fields[0]) if fields else "main"
    items = [(non_field_anchor, str(error)) for error in form.non_field_errors()]
    for bound_field in fields:
        items.extend((anchor_for(bound_field), str(error)) for error in bound_field.errors)
    return items
