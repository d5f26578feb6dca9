"""Form fields drawn with Jinja2.

A wizard page is mostly its questions (19 fields on the victim's page, 32 crimes on the
list), each option a widget. Django's template engine walks a tree of nodes for each of them
(an include inside an include for every checkbox), which made drawing the questions most of a
step's CPU. Jinja2 compiles a template to a Python function once, and draws the same HTML in a
fraction of that. Pages keep Django's templates; the admin's widgets exist only as those.

`RENDERER` draws the wizard forms' widgets (`WizardForm.default_renderer`) from Django's own
Jinja2 widget templates and `certify/site/jinja2/`. The `form_field` template tag
(templatetags/field_tags.py) draws any form's field, label, hint and error with
`certify/includes/field.html` there, and `figures_table` (templatetags/certify_tags.py) the
public statistics' tables, hundreds of rows, with `certify/reports/figures_table.html`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from django.forms import renderers
from django.template.backends.jinja2 import Jinja2
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext


def environment(**options: Any) -> jinja2.Environment:
    """Jinja2 with Django's translations: `_("...")` in a template is `gettext`, and
    `make messages` finds it as it finds `{% translate %}`."""
    options.pop("autoescape", None)  # Django's backend asks for it; here it is never off
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


class FormRenderer(renderers.Jinja2):
    """Django's Jinja2 form renderer with translations in its templates."""

    @cached_property
    def engine(self) -> Jinja2:
        return Jinja2(
            {
                "APP_DIRS": True,
                "DIRS": [Path(renderers.__file__).parent / "jinja2"],
                "NAME": "forms",
                "OPTIONS": {"environment": f"{__name__}.environment"},
            }
        )


RENDERER = FormRenderer()


def render(template_name: str, context: dict[str, Any]) -> SafeString:
    """A Jinja2 template of `certify/site/jinja2/` as HTML to put in a Django template."""
    html = RENDERER.render(template_name, context)
    return mark_safe(html)  # noqa: S308 - Jinja2 escaped every value in it
