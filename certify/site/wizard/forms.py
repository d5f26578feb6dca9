"""One form per wizard step, written to the GOV.UK patterns: one topic per page, a specific
message for every mistake, hints that say why a question is asked.

Every required field names its own "required" message; `WizardForm` refuses a field without one
so that a bare "This field is required" can never reach a victim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import BaseRenderer
from django.forms.widgets import ChoiceWidget
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from certify.records import documents, policy
from certify.records.actors import Visitor
from certify.records.models import (
    US_STATES,
    Agency,
    CertificationRequest,
    FamilyMember,
    QualifyingActivity,
)
from certify.site.languages import language_choices
from certify.site.rendering import RENDERER
from forms.unicode_font import is_latin_script
from workflows.routing import propose_agencies

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MAX_CRIME_DATES = 4
MAX_FAMILY_MEMBERS = 5


class HintedChoices(ChoiceWidget):
    """A choice widget whose options may carry a hint, shown under the option's label."""

    hints: Mapping[str, StrOrPromise] = {}
    option_class = ""  # the USWDS class of each option's input
    # Options that are languages, each named in its own words: each label gets its own `lang`.
    languages = False

    def create_option(
        self,
        name: str,
        value: Any,
        label: int | str,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(str(value), "")
        option["attrs"]["class"] = self.option_class
        option["lang"] = str(value) if self.languages else ""
        return option


class Radios(HintedChoices, forms.RadioSelect):
    option_class = "usa-radio__input"


def language_radios() -> Radios:
    widget = Radios()
    widget.languages = True
    return widget


class Checkboxes(HintedChoices, forms.CheckboxSelectMultiple):
    option_class = "usa-checkbox__input"


def hinted(field: forms.Field) -> HintedChoices:
    """The widget of a field shown as Radios or Checkboxes, whose options take hints."""
    widget = field.widget
    if not isinstance(widget, HintedChoices):
        raise TypeError(f"{type(widget).__name__} takes no hints")
    return widget


class DatePartsWidget(forms.MultiWidget):
    """Month, day and year as three boxes, in the order US forms ask for them: the USWDS
    memorable date. The boxes keep their names (`_day`, `_month`, `_year`)."""

    template_name = "certify/wizard/widgets/date_parts.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        part = {"inputmode": "numeric", "autocomplete": "off", "class": "usa-input"}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "month": forms.TextInput({**part, "maxlength": 2}),
            "day": forms.TextInput({**part, "maxlength": 2}),
            "year": forms.TextInput({**part, "maxlength": 4}),
        }
        super().__init__(widgets, attrs)

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        # Its template is a Jinja2 one, wherever the form comes from (the official's parts
        # reuse the wizard's date fields).
        return super().render(name, value, attrs, RENDERER)

    def decompress(self, value: Any) -> list[int | None]:
        if isinstance(value, date):
            return [value.month, value.day, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        parts = [("month", _("Month")), ("day", _("Day")), ("year", _("Year"))]
        for subwidget, (part, label) in zip(context["widget"]["subwidgets"], parts, strict=True):
            subwidget["label"] = label
            subwidget["part"] = part
        return context


class DatePartsField(forms.Field):
    """A date typed as month, day and year. `what` names the date in every message."""

    widget = DatePartsWidget

    def __init__(
        self, *, what: StrOrPromise, past: bool = False, future: bool = False, **kwargs: Any
    ) -> None:
        self.what = what
        self.past = past
        self.future = future
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        parts = [str(p or "").strip() for p in (value or ["", "", ""])]
        if not any(parts):
            return None
        month, day, year = parts
        missing = [
            name
            for name, part in ((_("a month"), month), (_("a day"), day), (_("a year"), year))
            if not part
        ]
        if missing:
            raise ValidationError(
                _("%(what)s must include %(part)s") % {"what": self.what, "part": missing[0]},
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(
                _("%(what)s must be a real date, with a 4-digit year, like 3 27 2024")
                % {"what": self.what},
                code="invalid",
            )
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                _("%(what)s must be a real date, with a 4-digit year, like 3 27 2024")
                % {"what": self.what},
                code="invalid",
            ) from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if self.past and value > today:
            raise ValidationError(
                _("%(what)s must be today or in the past") % {"what": self.what}, code="future"
            )
        if self.future and value <= today:
            raise ValidationError(
                _("%(what)s must be in the future") % {"what": self.what}, code="past"
            )
        if value.year < 1900:
            raise ValidationError(
                _("%(what)s must be after 1900") % {"what": self.what}, code="too_old"
            )


class WizardForm(forms.Form):
    default_renderer = RENDERER
    # Fields whose empty answers the check page leaves out (long optional lists).
    summary_skip_empty: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.required and "required" not in getattr(field, OWN_MESSAGES, ()):
                raise TypeError(f"{type(self).__name__}.{name} needs its own required message")


# The names of the messages `own` gave a field, kept on the field.
OWN_MESSAGES = "_own_messages"
F = TypeVar("F", bound=forms.Field)


def own(field: F, **messages: StrOrPromise) -> F:
    """Attach specific error messages to a field (and mark them as the field's own)."""
    field.error_messages.update(messages)
    setattr(field, OWN_MESSAGES, tuple(messages))
    return field


class StartForm(WizardForm):
    filed_by = own(
        forms.ChoiceField(
            label=_("Who is filling in this request?"),
            choices=CertificationRequest.FiledBy.choices,
            widget=Radios,
        ),
        required=_("Choose who is filling in this request"),
    )
    form = own(
        forms.ChoiceField(
            label=_("Which certification do you need?"),
            choices=[
                ("U", _("U visa: Form I-918 Supplement B")),
                ("T", _("T visa: Form I-914 Supplement B")),
                ("unsure", _("I’m not sure")),
            ],
            widget=Radios,
        ),
        required=_("Choose the certification you need, or choose “I’m not sure”"),
    )

    def __init__(self, *args: Any, user: Visitor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        hinted(self.fields["filed_by"]).hints = {
            "victim": _("Or you are a parent or guardian of a victim under 16."),
            "advocate": _("You work for a legal or victim services organisation on certify."),
        }
        hinted(self.fields["form"]).hints = {
            "U": _(
                "For victims of crimes such as domestic violence, sexual assault or felonious "
                "assault who have helped, or are willing to help, the police or a prosecutor."
            ),
            "T": _(
                "For victims of trafficking: someone made them work or do sex acts by force, "
                "fraud or threats. The agency’s form is optional evidence for a T visa: you "
                "can apply without it, and asking for it never holds up your application."
            ),
            "unsure": _("We will ask one more question to help you choose."),
        }

    def clean_filed_by(self) -> str:
        value: str = self.cleaned_data["filed_by"]
        if value == CertificationRequest.FiledBy.ADVOCATE and not (
            self.user is not None and policy.organisation_ids(self.user)
        ):
            raise ValidationError(
                _(
                    "Only advocates signed in with their organisation’s account can fill this "
                    "in for a client. Sign in, or choose “The victim”."
                ),
                code="not_advocate",
            )
        return value


class WhichForm(WizardForm):
    form = own(
        forms.ChoiceField(
            label=_("Which of these is closest to what happened?"),
            choices=[
                (
                    "T",
                    _("Someone made the victim work, or do sex acts, by force, fraud or threats"),
                ),
                (
                    "U",
                    _("The victim suffered another crime and has helped, or will help, the police"),
                ),
            ],
            widget=Radios,
        ),
        required=_("Choose the answer closest to what happened"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hinted(self.fields["form"]).hints = {
            "T": _("This is trafficking. Ask for a T certification (Form I-914 Supplement B)."),
            "U": _(
                "For example domestic violence, sexual assault, stalking or felonious assault. "
                "Ask for a U certification (Form I-918 Supplement B)."
            ),
        }


A_NUMBER = re.compile(r"^A?(\d{8,9})$")


def normalise_a_number(value: str) -> str:
    """A-numbers are written A plus 9 digits; USCIS pads an 8-digit number with a zero."""
    compact = re.sub(r"[\s\-.]", "", value).upper()
    match = A_NUMBER.match(compact)
    if not match:
        raise ValidationError(
            _("Enter the A-number as the letter A and 8 or 9 digits, like A123456789"),
            code="invalid",
        )
    return "A" + match.group(1).zfill(9)


NAME_PARTS = ("family_name", "given_name", "middle_name")
MAX_OTHER_NAMES = 3


def latin_only(value: str) -> bool:
    return is_latin_script(value or "")


class VictimForm(WizardForm):
    summary_skip_empty = (
        "latin_family_name",
        "latin_given_name",
        "latin_middle_name",
        *(f"other_{n}_{part}" for n in range(1, MAX_OTHER_NAMES + 1) for part in NAME_PARTS),
    )

    family_name = own(
        forms.CharField(label=_("Family name (last name)"), max_length=100),
        required=_("Enter the family name (last name)"),
    )
    given_name = own(
        forms.CharField(label=_("Given name (first name)"), max_length=100),
        required=_("Enter the given name (first name)"),
    )
    middle_name = forms.CharField(label=_("Middle name"), max_length=100, required=False)
    latin_family_name = forms.CharField(
        label=_("Family name in Latin letters"), max_length=100, required=False
    )
    latin_given_name = forms.CharField(
        label=_("Given name in Latin letters"), max_length=100, required=False
    )
    latin_middle_name = forms.CharField(
        label=_("Middle name in Latin letters"), max_length=100, required=False
    )
    date_of_birth = own(
        DatePartsField(
            what=_("The date of birth"),
            past=True,
            label=_("Date of birth"),
            help_text=_("For example, 3 27 1990"),
        ),
        required=_("Enter the date of birth"),
    )
    gender = own(
        forms.ChoiceField(
            label=_("Gender"),
            help_text=_("The federal form offers only these two boxes."),
            choices=CertificationRequest.Gender.choices,
            widget=Radios,
        ),
        required=_("Choose male or female, as the federal form asks"),
    )
    a_number = forms.CharField(
        label=_("A-number (optional)"),
        help_text=_(
            "Only if there is one: the federal form asks for it “if any”. Leave this empty if "
            "there is none. It looks like A123456789."
        ),
        max_length=20,
        required=False,
    )
    preferred_language = own(
        forms.ChoiceField(
            label=_("Which language should the agency and certify use?"),
            choices=language_choices,
            widget=language_radios(),
        ),
        required=_("Choose a language for letters and messages"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "family_name": _("Family name"),
            "given_name": _("Given name"),
            "middle_name": _("Middle name"),
        }
        for n in range(1, MAX_OTHER_NAMES + 1):
            for part in NAME_PARTS:
                self.fields[f"other_{n}_{part}"] = forms.CharField(
                    label=_("Other name %(n)s: %(part)s") % {"n": n, "part": labels[part]},
                    max_length=100,
                    required=False,
                )
        self.order_fields(
            [
                "family_name",
                "given_name",
                "middle_name",
                "latin_family_name",
                "latin_given_name",
                "latin_middle_name",
                *(f"other_{n}_{p}" for n in range(1, MAX_OTHER_NAMES + 1) for p in NAME_PARTS),
            ]
        )

    def other_name_rows(self):
        """(number, bound fields, open?): the first row, and any row in use, shows open."""
        rows = []
        for n in range(1, MAX_OTHER_NAMES + 1):
            fields = [self[f"other_{n}_{part}"] for part in NAME_PARTS]
            used = any(f.value() or f.errors for f in fields)
            rows.append((n, fields, n == 1 or used))
        return rows

    def latin_fields(self):
        return [self[f"latin_{part}"] for part in NAME_PARTS]

    def needs_latin(self) -> bool:
        """True when a name part is in another script (or the Latin boxes were used)."""
        data = self.data
        return any(
            not latin_only(data.get(self.add_prefix(part), ""))
            or data.get(self.add_prefix(f"latin_{part}"), "")
            for part in NAME_PARTS
        )

    def clean_a_number(self):
        value = self.cleaned_data["a_number"].strip()
        return normalise_a_number(value) if value else ""

    def clean(self):
        cleaned = super().clean() or {}
        whats = {
            "family_name": _("family name"),
            "given_name": _("given name"),
            "middle_name": _("middle name"),
        }
        for part in NAME_PARTS:
            original = cleaned.get(part) or ""
            latin = cleaned.get(f"latin_{part}") or ""
            if latin and not latin_only(latin):
                self.add_error(
                    f"latin_{part}",
                    _("Use Latin letters (A to Z, with any accents the documents show)"),
                )
            elif original and not latin_only(original) and not latin:
                # The federal form takes the legal name in Latin letters.
                self.add_error(
                    f"latin_{part}",
                    _(
                        "The %(what)s is not written in Latin letters. Enter it as it is "
                        "spelled in Latin letters on the victim’s passport or other documents"
                    )
                    % {"what": whats[part]},
                )
        for n in range(1, MAX_OTHER_NAMES + 1):
            values = {part: cleaned.get(f"other_{n}_{part}") or "" for part in NAME_PARTS}
            for part, value in values.items():
                if value and not latin_only(value):
                    self.add_error(
                        f"other_{n}_{part}",
                        _("Write other names in Latin letters, as on the victim’s documents"),
                    )
            if values["middle_name"] and not (values["family_name"] or values["given_name"]):
                self.add_error(
                    f"other_{n}_family_name",
                    _("Enter the family name or the given name of this other name"),
                )
        return cleaned

    def names(self) -> dict:
        """The request's name fields: Latin spelling for the form, the original kept aside."""
        cleaned = self.cleaned_data
        native = {}
        names = {}
        for part in NAME_PARTS:
            original = cleaned.get(part) or ""
            if original and not latin_only(original):
                native[part] = original
                names[part] = cleaned.get(f"latin_{part}") or ""
            else:
                names[part] = original
        others = []
        for n in range(1, MAX_OTHER_NAMES + 1):
            row = {part: (cleaned.get(f"other_{n}_{part}") or "").strip() for part in NAME_PARTS}
            if any(row.values()):
                others.append(row)
        return {**names, "native_name": native, "other_names": others}


class ContactForm(WizardForm):
    CHANNELS = [
        ("mail", _("Letters to the safe mailing address")),
        ("phone", _("Phone calls")),
        ("text", _("Text messages")),
        ("email", _("E-mail")),
    ]
    safe_channels = own(
        forms.MultipleChoiceField(
            label=_("Which ways of contact are safe?"),
            help_text=_(
                "Choose only the ways that the person who caused harm cannot see or hear. "
                "Advocates: give your own details if your client wants to be reached through you."
            ),
            choices=CHANNELS,
            widget=Checkboxes,
        ),
        required=_("Choose at least one safe way to make contact"),
    )
    safe_mailing_address = forms.CharField(
        label=_("Safe mailing address"),
        help_text=_("Street, apartment, city, state and ZIP code."),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        max_length=500,
        required=False,
    )
    safe_phone = own(
        PhoneNumberField(
            label=_("Safe phone number"),
            help_text=_("For example, 202 555 0143, or +52 55 1234 5678 outside the U.S."),
            region="US",
            required=False,
        ),
        invalid=_("Enter a phone number like 202 555 0143, or add the country code, like +52"),
    )
    safe_email = own(
        forms.EmailField(label=_("Safe e-mail address"), max_length=254, required=False),
        invalid=_("Enter an e-mail address in the right format, like name@example.com"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        channels = set(cleaned.get("safe_channels") or ())
        needs = [
            (
                "mail",
                "safe_mailing_address",
                _("Enter the safe mailing address, or untick letters"),
            ),
            ("phone", "safe_phone", _("Enter the safe phone number, or untick phone calls")),
            ("text", "safe_phone", _("Enter the safe phone number, or untick text messages")),
            ("email", "safe_email", _("Enter the safe e-mail address, or untick e-mail")),
        ]
        for channel, field, message in needs:
            if channel in channels and not cleaned.get(field) and field not in self.errors:
                self.add_error(field, message)
        return cleaned


class CrimeForm(WizardForm):
    date_1 = own(
        DatePartsField(what=_("The date of the crime"), past=True, label=_("Date")),
        required=_("Enter the date of the crime, or your best guess"),
    )
    date_2 = DatePartsField(
        what=_("The second date"), past=True, label=_("Second date (optional)"), required=False
    )
    date_3 = DatePartsField(
        what=_("The third date"), past=True, label=_("Third date (optional)"), required=False
    )
    date_4 = DatePartsField(
        what=_("The fourth date"), past=True, label=_("Fourth date (optional)"), required=False
    )
    city = own(
        forms.CharField(label=_("City or town"), max_length=100),
        required=_("Enter the city or town where the crime happened"),
    )
    county = forms.CharField(
        label=_("County (optional)"),
        help_text=_("If you know it. It helps us find the right agency."),
        max_length=100,
        required=False,
    )
    state = own(
        forms.ChoiceField(label=_("State"), choices=[("", _("Choose a state")), *US_STATES]),
        required=_("Choose the state where the crime happened"),
    )
    case_number = forms.CharField(
        label=_("Police report or case number (optional)"),
        help_text=_("It is on the police report or on papers from the court or prosecutor."),
        max_length=100,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        dates = [cleaned.get(f"date_{n}") for n in range(1, MAX_CRIME_DATES + 1)]
        seen = set()
        for n, value in enumerate(dates, start=1):
            if value is not None and value in seen:
                self.add_error(f"date_{n}", _("This date is already listed. Remove it."))
            seen.add(value)
        return cleaned


if TYPE_CHECKING:
    _ActivitiesField = forms.ModelMultipleChoiceField[QualifyingActivity]
else:  # Django's field is not subscriptable at run time
    _ActivitiesField = forms.ModelMultipleChoiceField


class ActivitiesField(_ActivitiesField):
    def label_from_instance(self, obj: QualifyingActivity) -> str:
        return obj.name


class ActivitiesForm(WizardForm):
    activities = ActivitiesField(
        label=_("What happened to the victim?"),
        help_text=_("Choose everything that applies. The agency decides what fits the law."),
        queryset=QualifyingActivity.objects.all(),
        to_field_name="code",
        widget=Checkboxes,
        required=False,
    )
    similar_activity = forms.CharField(
        label=_("Something similar (optional)"),
        help_text=_(
            "If a crime like one of these happened but it has another name where you live, "
            "describe it or give the name of the charge."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args, form="U", **kwargs):
        super().__init__(*args, **kwargs)
        self.form_code = form
        if form == CertificationRequest.Form.T:
            # A T declaration is about a severe form of trafficking in persons (22 U.S.C.
            # 7102), not the U visa's list of crimes.
            del self.fields["activities"]
            self.fields["trafficking_types"] = forms.MultipleChoiceField(
                label=_("What was the victim made to do?"),
                help_text=_(
                    "Choose everything that applies. “Force, fraud or coercion” includes "
                    "threats, debts the victim was made to owe, and taking their papers."
                ),
                choices=CertificationRequest.TraffickingType.choices,
                widget=Checkboxes,
                required=False,
            )
            self.fields["similar_activity"].label = _("Something else (optional)")
            self.fields["similar_activity"].help_text = _(
                "If what happened does not fit these, describe it in a few words."
            )
            self.order_fields(["trafficking_types", "similar_activity"])
            return
        field = self.fields["activities"]
        # The activities field is a ModelMultipleChoiceField; the form declares it as a Field.
        field.label_from_instance = lambda activity: activity.name  # type: ignore[attr-defined]
        field.widget.hints = {a.code: a.description for a in QualifyingActivity.objects.all()}

    def clean(self):
        cleaned = super().clean() or {}
        similar = cleaned.get("similar_activity", "")
        if self.form_code == CertificationRequest.Form.T:
            if not cleaned.get("trafficking_types") and not similar:
                self.add_error(
                    "trafficking_types",
                    _("Choose at least one, or describe what happened in the box below"),
                )
            return cleaned
        chosen = cleaned.get("activities")
        if "activities" in self.errors:
            return cleaned
        if not chosen and not similar:
            self.add_error(
                "activities",
                _("Choose at least one crime, or describe something similar in the box below"),
            )
        elif chosen and any(a.code == "similar_activity" for a in chosen) and not similar:
            self.add_error(
                "similar_activity", _("Describe the similar activity, or untick “Similar activity”")
            )
        return cleaned


UNKNOWN_AGENCY = "unknown"


class AgencyForm(WizardForm):
    agency = own(
        forms.ChoiceField(label=_("Which agency handled the crime?"), widget=Radios),
        required=_("Choose the agency, or choose “I don’t know”"),
    )

    def __init__(
        self,
        *args: Any,
        state: str = "",
        county: str = "",
        city: str = "",
        form: str = "U",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Agencies serving the place of the crime, best first; all of the state's when none is
        # on record, so the requester can still choose.
        self.agency_list = propose_agencies(
            form=form,
            state=state,
            county=county,
            city=city,
            case_charged=None,
            whole_state_if_none=True,
        )
        agency = cast(forms.ChoiceField, self.fields["agency"])
        agency.choices = [
            *((str(a.pk), a.name) for a in self.agency_list),
            (UNKNOWN_AGENCY, _("I don’t know")),
        ]
        hinted(agency).hints = {
            UNKNOWN_AGENCY: _("That is fine. We will help find the right agency before we send it.")
        } | {str(a.pk): a.get_kind_display() for a in self.agency_list}

    def clean_agency(self) -> Agency | None:
        value = self.cleaned_data["agency"]
        return None if value == UNKNOWN_AGENCY else Agency.objects.get(pk=int(value))


class StoryForm(WizardForm):
    summary_skip_empty = ("language",)

    narrative = own(
        forms.CharField(
            label=_("What happened?"),
            help_text=_(
                "In your own words: what happened, who did it if you know, and what happened "
                "to the victim. The agency will compare this with its records."
            ),
            widget=forms.Textarea(attrs={"rows": 8}),
            max_length=10000,
        ),
        required=_("Describe what happened"),
    )
    injuries = forms.CharField(
        label=_("Injuries or harm (optional)"),
        help_text=_(
            "Physical, emotional or financial harm the victim suffered, and any treatment."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )
    in_english = own(
        forms.ChoiceField(
            label=_("Is what you wrote on this page in English?"),
            help_text=_(
                "Write in the language you know best. The federal form is in English: if you "
                "wrote in another language, the agency and the advocate will see that a full "
                "English translation is needed, with the translator’s certification."
            ),
            choices=YES_NO,
            widget=Radios,
        ),
        required=_("Choose yes if what you wrote is in English"),
    )
    language = forms.CharField(
        label=_("If not, which language? (optional)"), max_length=60, required=False
    )


class HelpfulnessForm(WizardForm):
    summary_skip_empty = ("cooperation_details",)
    WAYS = CertificationRequest.HelpedWay.choices
    helped_ways = own(
        forms.MultipleChoiceField(
            label=_("How has the victim helped the police, prosecutor or court?"),
            help_text=_("Choose everything that applies."),
            choices=WAYS,
            widget=Checkboxes,
        ),
        required=_("Choose at least one way the victim has helped or will help"),
    )
    helpfulness_details = forms.CharField(
        label=_("Tell us more (optional)"),
        help_text=_("Dates, names of officers or prosecutors, or anything else that shows it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    unmet = own(
        forms.ChoiceField(
            label=_("Was there a request for help that the victim could not meet?"),
            help_text=_(
                "For example, a meeting the victim could not attend. Saying why helps the agency "
                "decide whether the request was reasonable."
            ),
            choices=YES_NO,
            widget=Radios,
        ),
        required=_("Choose yes if there was a request the victim could not meet"),
    )
    unmet_request = forms.CharField(
        label=_("If yes: what was asked, and why could the victim not do it?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, form="U", **kwargs):
        super().__init__(*args, **kwargs)
        if form != CertificationRequest.Form.T:
            return
        # A T applicant complies with reasonable requests for assistance from law enforcement,
        # unless under 18 or unable to because of physical or psychological trauma.
        self.fields["cooperation"] = own(
            forms.ChoiceField(
                label=_(
                    "Has the victim done what law enforcement reasonably asked, to help the "
                    "investigation or prosecution?"
                ),
                help_text=_(
                    "Someone who was under 18, or who could not help because of physical or "
                    "psychological trauma, does not have to."
                ),
                choices=CertificationRequest.Cooperation.choices,
                widget=Radios,
            ),
            required=_("Choose the answer closest to what happened"),
        )
        self.fields["cooperation_details"] = forms.CharField(
            label=_("Anything the agency should know about this (optional)"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=3000,
            required=False,
        )
        self.order_fields(["cooperation", "cooperation_details"])

    def clean(self):
        cleaned = super().clean() or {}
        if "other" in (cleaned.get("helped_ways") or ()) and not cleaned.get("helpfulness_details"):
            self.add_error(
                "helpfulness_details", _("Describe the other ways the victim has helped")
            )
        if cleaned.get("unmet") == "yes" and not cleaned.get("unmet_request"):
            self.add_error(
                "unmet_request", _("Describe what was asked and why the victim could not do it")
            )
        return cleaned


def _answered(value: object) -> bool:
    """A bound value with something in it (a date's three boxes count as one)."""
    if isinstance(value, (list, tuple)):
        return any(_answered(part) for part in value)
    return value not in (None, "")


class FamilyForm(WizardForm):
    """Two questions kept apart. Family members who were harmed are indirect victims or
    qualifying family members (8 CFR 214.14(a)(10), (a)(14)); they are recorded for the agency
    and never go in Part 5. Part 5 is "Family Members Implicated in the Criminal Activity":
    people who took part in it, and only the certifying official decides who is listed there."""

    harmed = own(
        forms.ChoiceField(
            label=_("Was a family member of the victim also harmed by the crime?"),
            help_text=_(
                "For example, the spouse or children of a victim who died, or the parents, "
                "brothers and sisters of a victim under 21. Some family members can be "
                "included in the application, and some only before a birthday."
            ),
            choices=YES_NO,
            widget=Radios,
        ),
        required=_("Choose yes if a family member was also harmed"),
    )
    implicated = own(
        forms.ChoiceField(
            label=_("Did a family member of the victim take part in the crime?"),
            help_text=_(
                "For example, a husband or a parent who caused the harm. The form has a part "
                "for this; the agency decides what it writes there."
            ),
            choices=YES_NO,
            widget=Radios,
        ),
        required=_("Choose yes if a family member took part in the crime"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relationships = [("", _("Choose"))] + list(FamilyMember.Relationship.choices)
        self.groups: dict[str, list[int]] = {"harmed": [], "implicated": []}
        for group in self.groups:
            for n in range(1, MAX_FAMILY_MEMBERS + 1):
                prefix = f"{group}_{n}"
                self.fields[f"{prefix}_family_name"] = forms.CharField(
                    label=_("Family name"), max_length=100, required=False
                )
                self.fields[f"{prefix}_given_name"] = forms.CharField(
                    label=_("Given name"), max_length=100, required=False
                )
                self.fields[f"{prefix}_middle_name"] = forms.CharField(
                    label=_("Middle name (optional)"), max_length=100, required=False
                )
                self.fields[f"{prefix}_relationship"] = forms.ChoiceField(
                    label=_("Relationship to the victim"), choices=relationships, required=False
                )
                if group == "harmed":
                    self.fields[f"{prefix}_date_of_birth"] = DatePartsField(
                        what=_("Their date of birth"),
                        past=True,
                        label=_("Date of birth (optional)"),
                        required=False,
                    )
                else:
                    self.fields[f"{prefix}_involvement"] = forms.CharField(
                        label=_("What they did, if you know (optional)"),
                        max_length=300,
                        required=False,
                    )
                self.groups[group].append(n)
        self.summary_skip_empty = tuple(
            name for name in self.fields if name.startswith(("harmed_", "implicated_"))
        )

    def _row_names(self, group: str, n: int) -> list[str]:
        last = "date_of_birth" if group == "harmed" else "involvement"
        parts = ("family_name", "given_name", "middle_name", "relationship", last)
        return [f"{group}_{n}_{part}" for part in parts]

    def rows(self, group: str):
        """(number, bound fields, open?) for the template: the first row, and any row with an
        answer or an error, shows open."""
        out = []
        for n in self.groups[group]:
            fields = [self[name] for name in self._row_names(group, n)]
            used = any(_answered(f.value()) for f in fields)
            errors = any(f.errors for f in fields)
            out.append((n, fields, n == 1 or used or errors))
        return out

    def harmed_rows(self):
        return self.rows("harmed")

    def implicated_rows(self):
        return self.rows("implicated")

    def clean(self):
        cleaned = super().clean() or {}
        for group in self.groups:
            names = [name for n in self.groups[group] for name in self._row_names(group, n)]
            if cleaned.get(group) != "yes":
                # Answered "no": whatever was typed before is not an answer any more.
                for name in names:
                    cleaned[name] = None if name.endswith("date_of_birth") else ""
                continue
            for n in self.groups[group]:
                prefix = f"{group}_{n}"
                row = [cleaned.get(name) for name in self._row_names(group, n)]
                started = any(row)
                if not (n == 1 or started):
                    continue
                if not (
                    cleaned.get(f"{prefix}_family_name") or cleaned.get(f"{prefix}_given_name")
                ):
                    self.add_error(
                        f"{prefix}_family_name",
                        _("Enter the family member’s family name or given name"),
                    )
                if not cleaned.get(f"{prefix}_relationship"):
                    self.add_error(
                        f"{prefix}_relationship",
                        _("Choose how the family member is related to the victim"),
                    )
                if group == "implicated":
                    # These names may be printed on the federal form.
                    for part in NAME_PARTS:
                        value = cleaned.get(f"{prefix}_{part}") or ""
                        if value and not latin_only(value):
                            self.add_error(
                                f"{prefix}_{part}",
                                _("Write the name in Latin letters, as on their documents"),
                            )
        return cleaned

    def family_members(self) -> list[dict]:
        members = []
        for group in self.groups:
            if self.cleaned_data.get(group) != "yes":
                continue
            for n in self.groups[group]:
                prefix = f"{group}_{n}"
                family = self.cleaned_data.get(f"{prefix}_family_name") or ""
                given = self.cleaned_data.get(f"{prefix}_given_name") or ""
                if not (family or given):
                    continue
                members.append(
                    {
                        "family_name": family,
                        "given_name": given,
                        "middle_name": self.cleaned_data.get(f"{prefix}_middle_name") or "",
                        "relationship": self.cleaned_data[f"{prefix}_relationship"],
                        "date_of_birth": self.cleaned_data.get(f"{prefix}_date_of_birth"),
                        "involvement": self.cleaned_data.get(f"{prefix}_involvement") or "",
                        "harmed": group == "harmed",
                        "implicated": group == "implicated",
                    }
                )
        return members


def _laws(laws: list[str]) -> str:
    return "; ".join(laws)


class ExpediteForm(WizardForm):
    """The facts that shorten a deadline, each asked only where a law in force for the
    request's agency (or, before one is chosen, its state and city) counts it, with the reason
    beside it. Every answer is optional: local rules limit questions about immigration status,
    and no one has to say more than the law uses."""

    summary_skip_empty = ("age_out_date", "expedite_other")

    removal_proceedings = forms.BooleanField(
        label=_("The victim is in removal (deportation) proceedings"), required=False
    )
    detained = forms.BooleanField(label=_("The victim is detained"), required=False)
    age_out = forms.BooleanField(
        label=_("A family member will soon turn 21 (or a sibling will soon turn 18)"),
        required=False,
    )
    age_out_date = DatePartsField(
        what=_("The birthday"),
        future=True,
        label=_("If so, on what date?"),
        help_text=_("For example, 2 14 2027"),
        required=False,
    )
    parents_or_siblings = forms.BooleanField(
        label=_(
            "The victim’s application will include their parents, or brothers or sisters under 18"
        ),
        required=False,
    )
    expedite_other = forms.CharField(
        label=_("Another urgent reason (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, uses=None, victim_turns_21=None, **kwargs):
        super().__init__(*args, **kwargs)
        uses = uses or {}
        self.uses = uses
        reasons = {
            "removal_proceedings": _(
                "Why we ask: %(laws)s gives the agency a shorter deadline when the victim is in "
                "removal proceedings."
            ),
            "detained": _(
                "Why we ask: %(laws)s gives the agency a shorter deadline when the victim is "
                "detained."
            ),
            "age_out": _(
                "Why we ask: some family members can be included only before that birthday, "
                "and %(laws)s gives the agency a shorter deadline then."
            ),
        }
        for name, reason in reasons.items():
            if name in uses:
                self.fields[name].help_text = reason % {"laws": _laws(uses[name])}
            else:
                del self.fields[name]
        if "age_out" not in uses:
            del self.fields["age_out_date"]
        # The victim's own 21st birthday matters only while the victim is under 21.
        if "parents_or_siblings" in uses and victim_turns_21 is not None:
            self.fields["parents_or_siblings"].help_text = _(
                "Why we ask: the victim turns 21 on %(date)s. Parents, and brothers or sisters "
                "under 18, can be included only before then, and %(laws)s gives the agency a "
                "shorter deadline."
            ) % {
                "date": date_format(victim_turns_21, "DATE_FORMAT"),
                "laws": _laws(uses["parents_or_siblings"]),
            }
        else:
            del self.fields["parents_or_siblings"]

    @property
    def asks_about_the_law(self) -> bool:
        return any(
            name in self.fields
            for name in ("removal_proceedings", "detained", "age_out", "parents_or_siblings")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        missing = cleaned.get("age_out") and not cleaned.get("age_out_date")
        if missing and "age_out_date" not in self.errors:
            self.add_error("age_out_date", _("Enter the date the family member turns 21 (or 18)"))
        return cleaned

    def expedite_requested(self) -> bool:
        c = self.cleaned_data
        return bool(
            c.get("removal_proceedings")
            or c.get("detained")
            or c.get("age_out_date")
            or c.get("parents_or_siblings")
            or c.get("expedite_other")
        )


class UploadField(forms.FileField):
    """An optional upload, checked by its content, never by its name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            help_text=_("A PDF, JPEG or PNG file, up to 10 MB."),
            widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            **kwargs,
        )

    def clean(self, data: Any, initial: Any | None = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            try:
                documents.read_upload(upload)
            except ValidationError as error:
                # Named, so that beside other files the person knows which one was refused.
                raise ValidationError(
                    _("We could not take “%(name)s”: %(reason)s"),
                    code=error.code,
                    params={"name": upload.name, "reason": " ".join(error.messages)},
                ) from None
        return upload


UPLOAD_KINDS = {
    "police_report": "police_report",
    "protective_order": "protective_order",
    "other_document": "other",
}


class DocumentsForm(WizardForm):
    summary_skip_empty = ("in_english",)

    police_report = UploadField(label=_("Police report (optional)"))
    protective_order = UploadField(label=_("Protective order (optional)"))
    other_document = UploadField(label=_("Another document (optional)"))
    remove = forms.MultipleChoiceField(
        label=_("Remove a file you uploaded"), widget=forms.CheckboxSelectMultiple, required=False
    )

    in_english = forms.ChoiceField(
        label=_("Are all the documents in English?"),
        help_text=_(
            "USCIS needs a full English translation of any document in another language, with "
            "the translator’s certification. Answer this if you uploaded a document."
        ),
        choices=YES_NO,
        widget=Radios,
        required=False,
    )

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = list(existing)
        cast(forms.MultipleChoiceField, self.fields["remove"]).choices = list(self.existing)
        if not self.existing:
            del self.fields["remove"]

    def clean(self):
        cleaned = super().clean() or {}
        removed = set(cleaned.get("remove") or ())
        kept = [key for key, _label in self.existing if key not in removed]
        uploaded = [name for name in UPLOAD_KINDS if cleaned.get(name)]
        if (kept or uploaded) and not cleaned.get("in_english") and "in_english" not in self.errors:
            self.add_error("in_english", _("Choose yes if every document is in English"))
        return cleaned


class CheckForm(WizardForm):
    declaration = own(
        forms.BooleanField(
            label=_(
                "I declare that the information I have given is true and complete to the best "
                "of my knowledge."
            )
        ),
        required=_("Confirm that the information is true to the best of your knowledge"),
    )
    consent = own(
        forms.BooleanField(
            label=_(
                "I agree that certify may share these answers and documents with the agency, "
                "so that it can decide whether to sign the supplement."
            )
        ),
        required=_("Agree to share this request with the agency, or we cannot send it"),
    )

    def __init__(self, *args: Any, filed_by: str = "victim", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if filed_by == CertificationRequest.FiledBy.ADVOCATE:
            self.fields["consent"].label = _(
                "My client agrees that certify may share these answers and documents with the "
                "agency, so that it can decide whether to sign the supplement."
            )
