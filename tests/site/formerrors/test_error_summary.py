from django import forms

from certify.site.formerrors import error_list


class Sample(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter the name"})
    colour = forms.ChoiceField(
        choices=[("r", "Red")], widget=forms.RadioSelect, error_messages={"required": "Choose"}
    )

    def clean(self):
        raise forms.ValidationError("Something about the whole form")


def test_every_error_links_to_an_element_that_exists():
    form = Sample(data={})
    assert error_list(form) == [
        ("id_name", "Something about the whole form"),
        ("id_name", "Enter the name"),
        # A radio group has no element with the field's own id: link to its first input.
        ("id_colour_0", "Choose"),
    ]


def test_a_page_may_send_whole_form_errors_elsewhere():
    assert error_list(Sample(data={}), non_field_anchor="main")[0] == (
        "main",
        "Something about the whole form",
    )


def test_an_unbound_or_valid_form_has_no_summary():
    assert error_list(Sample()) == []
    assert error_list(None) == []
