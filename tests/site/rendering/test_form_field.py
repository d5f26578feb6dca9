"""The `form_field` tag: any form's field drawn by the Jinja2 template
certify/includes/field.html, escaped, translated and pointing at its hint and error."""

from django import forms
from django.template import Context, Template
from django.utils import translation

from certify.site.rendering import RENDERER
from certify.site.wizard.forms import DatePartsField


class Sample(forms.Form):
    default_renderer = RENDERER
    name = forms.CharField(label="Name <b>", help_text="As on your papers & ID")
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A & a"), ("b", "B")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree", required=False)
    when = DatePartsField(label="When", what="The date", required=False)


def draw(form, field, **context):
    template = Template("{% load field_tags %}{% form_field field %}")
    return template.render(Context({"field": form[field], **context}))


def test_a_text_field_points_at_its_hint_and_error_and_escapes_the_answer():
    form = Sample(data={"name": "", "kind": "<script>alert(1)</script>"})
    form.is_valid()
    html = draw(form, "name")
    assert '<label class="usa-label usa-label--error" for="id_name">Name &lt;b&gt;</label>' in html
    assert '<div class="usa-hint" id="id_name-hint">As on your papers &amp; ID</div>' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'aria-invalid="true"' in html and "usa-input usa-input--error" in html
    # The refused choice repeats what was typed: it must come out as text.
    kind = draw(form, "kind")
    assert "<script>" not in kind and "&lt;script&gt;alert(1)&lt;/script&gt;" in kind


def test_choices_are_a_fieldset_with_a_legend_and_one_usa_radio_each():
    html = draw(Sample(), "kind")
    assert '<legend class="usa-legend">Kind</legend>' in html
    assert html.count('<div class="usa-radio">') == 2
    assert '<label class="usa-radio__label" for="id_kind_0">A &amp; a</label>' in html


def test_a_checkbox_comes_before_its_label():
    html = draw(Sample(), "agree")
    assert html.index('type="checkbox"') < html.index('<label class="usa-checkbox__label"')


def test_a_date_is_three_boxes_month_day_year():
    html = draw(Sample(), "when")
    assert [part in html for part in ("when_month", "when_day", "when_year")] == [True] * 3
    assert html.index("when_month") < html.index("when_day") < html.index("when_year")


def test_the_error_prefix_is_in_the_page_language_and_a_box_note_is_shown():
    form = Sample(data={})
    form.is_valid()
    with translation.override("ko"):
        html = draw(form, "name", box_notes={"name": "The box holds 40 letters."})
    assert '<span class="usa-sr-only">오류: </span>' in html
    assert '<p class="usa-hint box-note">The box holds 40 letters.</p>' in html
