"""One form per wizard step, written to the GOV.UK patterns: one topic per page, a specific
message for every mistake, hints that say why a question is asked.

Every required field names its own "required" message; `WizardForm` refuses a field without one
so that a bare "This field is required" can never reach a victim.
"""

import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from certify.records import documents, policy
from certify.records.models import (
    US_STATES,
    Agency,
    CertificationRequest,
    FamilyMember,
    QualifyingActivity,
)
from workflows.routing import propose_agencies

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MAX_CRIME_DATES = 4
MAX_FAMILY_MEMBERS = 3


class HintedChoices:
    """A choice widget whose options may carry a hint, shown under the option's label."""

    hints: dict = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(str(value), "")
        return option


class Radios(HintedChoices, forms.RadioSelect):
    pass


class Checkboxes(HintedChoices, forms.CheckboxSelectMultiple):
    pass


class DatePartsWidget(forms.MultiWidget):
    """Day, month and year as three boxes, as GOV.UK asks for dates people know."""

    template_name = "certify/wizard/widgets/date_parts.html"

    def __init__(self, attrs=None):
        part = {"inputmode": "numeric", "autocomplete": "off"}
        widgets = {
            "day": forms.TextInput({**part, "class": "date-part date-part-2", "maxlength": 2}),
            "month": forms.TextInput({**part, "class": "date-part date-part-2", "maxlength": 2}),
            "year": forms.TextInput({**part, "class": "date-part date-part-4", "maxlength": 4}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = [_("Day"), _("Month"), _("Year")]
        for subwidget, label in zip(context["widget"]["subwidgets"], labels, strict=True):
            subwidget["label"] = label
        return context


class DatePartsField(forms.Field):
    """A date typed as day, month and year. `what` names the date in every message."""

    widget = DatePartsWidget

    def __init__(self, *, what, past=False, future=False, **kwargs):
        self.what = what
        self.past = past
        self.future = future
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, date):
            return value
        parts = [str(p or "").strip() for p in (value or ["", "", ""])]
        if not any(parts):
            return None
        day, month, year = parts
        missing = [
            name
            for name, part in ((_("a day"), day), (_("a month"), month), (_("a year"), year))
            if not part
        ]
        if missing:
            raise ValidationError(
                _("%(what)s must include %(part)s") % {"what": self.what, "part": missing[0]},
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(
                _("%(what)s must be a real date, with a 4-digit year, like 27 3 2024")
                % {"what": self.what},
                code="invalid",
            )
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                _("%(what)s must be a real date, with a 4-digit year, like 27 3 2024")
                % {"what": self.what},
                code="invalid",
            ) from None

    def validate(self, value):
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
    # Fields whose empty answers the check page leaves out (long optional lists).
    summary_skip_empty: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.required and "required" not in getattr(field, "_own_messages", ()):
                raise TypeError(f"{type(self).__name__}.{name} needs its own required message")


def own(field, **messages):
    """Attach specific error messages to a field (and mark them as the field's own)."""
    field.error_messages.update(messages)
    field._own_messages = tuple(messages)
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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["filed_by"].widget.hints = {
            "victim": _("Or you are a parent or guardian of a victim under 16."),
            "advocate": _("You work for a legal or victim services organisation on certify."),
        }
        self.fields["form"].widget.hints = {
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

    def clean_filed_by(self):
        value = self.cleaned_data["filed_by"]
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].widget.hints = {
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


class VictimForm(WizardForm):
    family_name = own(
        forms.CharField(label=_("Family name (last name)"), max_length=100),
        required=_("Enter the family name (last name)"),
    )
    given_name = own(
        forms.CharField(label=_("Given name (first name)"), max_length=100),
        required=_("Enter the given name (first name)"),
    )
    middle_name = forms.CharField(label=_("Middle name"), max_length=100, required=False)
    other_names = forms.CharField(
        label=_("Other names used (optional)"),
        help_text=_("Maiden names, nicknames or aliases. Write each one on its own line."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    date_of_birth = own(
        DatePartsField(
            what=_("The date of birth"),
            past=True,
            label=_("Date of birth"),
            help_text=_("For example, 27 3 1990"),
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
            choices=settings.LANGUAGES,
            widget=Radios,
        ),
        required=_("Choose a language for letters and messages"),
    )

    def clean_a_number(self):
        value = self.cleaned_data["a_number"].strip()
        return normalise_a_number(value) if value else ""


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

    def clean(self):
        cleaned = super().clean()
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
        forms.ChoiceField(label=_("State"), choices=[("", _("Choose a state"))] + US_STATES),
        required=_("Choose the state where the crime happened"),
    )
    case_number = forms.CharField(
        label=_("Police report or case number (optional)"),
        help_text=_("It is on the police report or on papers from the court or prosecutor."),
        max_length=100,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        dates = [cleaned.get(f"date_{n}") for n in range(1, MAX_CRIME_DATES + 1)]
        seen = set()
        for n, value in enumerate(dates, start=1):
            if value is not None and value in seen:
                self.add_error(f"date_{n}", _("This date is already listed. Remove it."))
            seen.add(value)
        return cleaned


class ActivitiesForm(WizardForm):
    activities = forms.ModelMultipleChoiceField(
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["activities"]
        field.label_from_instance = lambda activity: activity.name
        field.widget.hints = {a.code: a.description for a in QualifyingActivity.objects.all()}

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("activities")
        similar = cleaned.get("similar_activity", "")
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


def agencies_for(*, state: str, county: str, city: str, form: str) -> list[Agency]:
    """Agencies that serve the place of the crime, best first; all of the state's when none is
    on record. With the county, routing ranks them (workflows.routing); without it, the city
    alone finds the city's own agencies."""
    if county:
        serving = propose_agencies(
            form=form, state=state, county=county, city=city, case_charged=None
        )
    else:
        serving = [
            agency
            for agency in Agency.objects.filter(state=state, service_areas__city__iexact=city)
            .distinct()
            .order_by("name")
            if agency.certifies(form)
        ]
    if serving:
        return serving
    return [a for a in Agency.objects.filter(state=state).order_by("name") if a.certifies(form)]


class AgencyForm(WizardForm):
    agency = own(
        forms.ChoiceField(label=_("Which agency handled the crime?"), widget=Radios),
        required=_("Choose the agency, or choose “I don’t know”"),
    )

    def __init__(self, *args, state="", county="", city="", form="U", **kwargs):
        super().__init__(*args, **kwargs)
        self.agency_list = list(agencies_for(state=state, county=county, city=city, form=form))
        self.fields["agency"].choices = [(str(a.pk), a.name) for a in self.agency_list] + [
            (UNKNOWN_AGENCY, _("I don’t know"))
        ]
        self.fields["agency"].widget.hints = {
            UNKNOWN_AGENCY: _("That is fine. We will help find the right agency before we send it.")
        } | {str(a.pk): a.get_kind_display() for a in self.agency_list}

    def clean_agency(self):
        value = self.cleaned_data["agency"]
        return None if value == UNKNOWN_AGENCY else Agency.objects.get(pk=int(value))


class StoryForm(WizardForm):
    narrative = own(
        forms.CharField(
            label=_("What happened?"),
            help_text=_(
                "In your own words: what happened, who did it if you know, and how the victim "
                "was involved. The agency will compare this with its records."
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


class HelpfulnessForm(WizardForm):
    WAYS = [
        ("reported", _("Reported the crime")),
        ("statements", _("Gave statements or answered questions")),
        ("identified", _("Identified the person who did it")),
        ("testified", _("Testified, or agreed to testify")),
        ("willing", _("Is willing to help when asked")),
        ("other", _("Other")),
    ]
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

    def clean(self):
        cleaned = super().clean()
        if "other" in (cleaned.get("helped_ways") or ()) and not cleaned.get("helpfulness_details"):
            self.add_error(
                "helpfulness_details", _("Describe the other ways the victim has helped")
            )
        if cleaned.get("unmet") == "yes" and not cleaned.get("unmet_request"):
            self.add_error(
                "unmet_request", _("Describe what was asked and why the victim could not do it")
            )
        return cleaned


class FamilyForm(WizardForm):
    involved = own(
        forms.ChoiceField(
            label=_("Do you want to list family members on the U form?"),
            help_text=_(
                "Part 5 of the form lists family members who were involved in the crime, for "
                "example a child or spouse who was also harmed. You can list up to 3."
            ),
            choices=YES_NO,
            widget=Radios,
        ),
        required=_("Choose yes if you want to list family members"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relationships = [("", _("Choose"))] + list(FamilyMember.Relationship.choices)
        self.members = []
        for n in range(1, MAX_FAMILY_MEMBERS + 1):
            self.fields[f"member_{n}_name"] = forms.CharField(
                label=_("Full name"), max_length=200, required=False
            )
            self.fields[f"member_{n}_relationship"] = forms.ChoiceField(
                label=_("Relationship to the victim"), choices=relationships, required=False
            )
            self.fields[f"member_{n}_date_of_birth"] = DatePartsField(
                what=_("Their date of birth"),
                past=True,
                label=_("Date of birth (optional)"),
                required=False,
            )
            self.members.append(n)
        self.summary_skip_empty = tuple(name for name in self.fields if name.startswith("member_"))

    def member_rows(self):
        return [
            (
                n,
                self[f"member_{n}_name"],
                self[f"member_{n}_relationship"],
                self[f"member_{n}_date_of_birth"],
            )
            for n in self.members
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("involved") != "yes":
            return cleaned
        for n in self.members:
            name = cleaned.get(f"member_{n}_name")
            relationship = cleaned.get(f"member_{n}_relationship")
            started = name or relationship or cleaned.get(f"member_{n}_date_of_birth")
            if (n == 1 or started) and not name:
                self.add_error(f"member_{n}_name", _("Enter the family member’s full name"))
            if (n == 1 or started) and not relationship:
                self.add_error(
                    f"member_{n}_relationship",
                    _("Choose how the family member is related to the victim"),
                )
        return cleaned

    def family_members(self) -> list[dict]:
        if self.cleaned_data.get("involved") != "yes":
            return []
        return [
            {
                "full_name": self.cleaned_data[f"member_{n}_name"],
                "relationship": self.cleaned_data[f"member_{n}_relationship"],
                "date_of_birth": self.cleaned_data.get(f"member_{n}_date_of_birth"),
            }
            for n in self.members
            if self.cleaned_data.get(f"member_{n}_name")
        ]


class ExpediteForm(WizardForm):
    summary_skip_empty = ("age_out_date", "expedite_other")

    removal_proceedings = forms.BooleanField(
        label=_("The victim is in removal (deportation) proceedings"), required=False
    )
    detained = forms.BooleanField(label=_("The victim is detained"), required=False)
    age_out = forms.BooleanField(
        label=_("A family member will soon turn 21 (or a sibling will soon turn 18)"),
        help_text=_("Some family members can be included only before that birthday."),
        required=False,
    )
    age_out_date = DatePartsField(
        what=_("The birthday"),
        future=True,
        label=_("If so, on what date?"),
        help_text=_("For example, 14 2 2027"),
        required=False,
    )
    expedite_other = forms.CharField(
        label=_("Another urgent reason (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
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
            or c.get("expedite_other")
        )


class UploadField(forms.FileField):
    """An optional upload, checked by its content, never by its name."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            help_text=_("A PDF, JPEG or PNG file, up to 10 MB."),
            widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            **kwargs,
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            documents.read_upload(upload)
        return upload


UPLOAD_KINDS = {
    "police_report": "police_report",
    "protective_order": "protective_order",
    "other_document": "other",
}


class DocumentsForm(WizardForm):
    police_report = UploadField(label=_("Police report (optional)"))
    protective_order = UploadField(label=_("Protective order (optional)"))
    other_document = UploadField(label=_("Another document (optional)"))
    remove = forms.MultipleChoiceField(
        label=_("Remove a file you uploaded"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = list(existing)
        self.fields["remove"].choices = [(key, label) for key, label in self.existing]
        if not self.existing:
            del self.fields["remove"]


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

    def __init__(self, *args, filed_by="victim", **kwargs):
        super().__init__(*args, **kwargs)
        if filed_by == CertificationRequest.FiledBy.ADVOCATE:
            self.fields["consent"].label = _(
                "My client agrees that certify may share these answers and documents with the "
                "agency, so that it can decide whether to sign the supplement."
            )
