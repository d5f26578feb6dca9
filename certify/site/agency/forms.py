"""Forms of the lead's settings pages, the invitation pages and the request to join."""

from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certify.records import documents
from certify.records.models import Agency, CertifyingOfficial, Invitation, JoinRequest, User
from workflows import invitations
from workflows.agency_settings import SETTINGS_FIELDS
from workflows.models import RoutingRule

if TYPE_CHECKING:
    from django.db.models import QuerySet


class AgencySettingsForm(forms.ModelForm):
    """The fields a lead may change, with the published instructions in every language."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = [
            *(f"instructions_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES),
            *SETTINGS_FIELDS,
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        for code, _name in settings.LANGUAGES:
            field = self.fields[f"instructions_{code.replace('-', '_')}"]
            field.label = _("Published instructions (%(language)s)") % {"language": names[code]}
            field.required = False


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Reason"),
            max_length=500,
            help_text=_("Kept in the audit trail."),
            error_messages={"required": _("Say why.")},
            widget=forms.Textarea(attrs={"rows": 2}),
            **kwargs,
        )


class OfficialForm(forms.ModelForm):
    letter = forms.FileField(
        label=_("Designation letter (PDF or image)"),
        required=False,
        help_text=_("Stored encrypted. Leave empty to keep the letter on file."),
    )

    class Meta:
        model = CertifyingOfficial
        fields = ["title", "division", "basis", "designated_by", "designation_date", "end_date"]
        widgets = {
            "designation_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_letter(self):
        upload = self.cleaned_data.get("letter")
        if not upload:
            return None
        return documents.read_upload(upload)

    def clean(self):
        cleaned = super().clean() or {}
        _check_designation(self, cleaned)
        start, end = cleaned.get("designation_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The designation cannot end before it began."))
        return cleaned


def _check_designation(form: forms.BaseForm, cleaned: dict) -> None:
    """8 CFR 214.14(a)(3): a supervisor certifies only if the head of the agency designated
    them, so the record says who did."""
    if (
        cleaned.get("basis") == CertifyingOfficial.Basis.DESIGNATED
        and not (cleaned.get("designated_by") or "").strip()
    ):
        form.add_error(
            "designated_by",
            _("Name the head of the agency who designated this supervisor, with their title."),
        )


class EndDesignationForm(forms.Form):
    reason = ReasonField()


class EndRoleForm(forms.Form):
    reason = ReasonField()


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class DesignateForm(forms.Form):
    """Designate someone already on the staff (a coordinator who is also a supervisor, or an
    official whose designation ended)."""

    person = PersonField(
        label=_("Person"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose the person.")},
    )
    title = forms.CharField(
        label=_("Title"), max_length=150, error_messages={"required": _("Enter the title.")}
    )
    basis = forms.ChoiceField(
        label=_("Authority to certify"), choices=CertifyingOfficial.Basis.choices
    )
    designated_by = forms.CharField(
        label=_("Designated by, name and title"), max_length=200, required=False
    )
    designation_date = forms.DateField(
        label=_("Designation date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the date of the designation.")},
    )

    def __init__(self, *args, people: "QuerySet[User]", **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = people

    def clean(self):
        cleaned = super().clean() or {}
        _check_designation(self, cleaned)
        return cleaned

    def designation(self) -> invitations.Designation:
        data = self.cleaned_data
        return invitations.Designation(
            title=data["title"],
            basis=data["basis"],
            designated_by=data.get("designated_by", ""),
            designation_date=data["designation_date"],
        )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), error_messages={"required": _("Enter an e-mail address.")}
    )
    role = forms.ChoiceField(label=_("Role"))
    title = forms.CharField(label=_("Title (officials)"), max_length=150, required=False)
    basis = forms.ChoiceField(
        label=_("Authority to certify (officials)"),
        choices=[("", "—"), *CertifyingOfficial.Basis.choices],
        required=False,
    )
    designated_by = forms.CharField(
        label=_("Designated by, name and title (officials)"), max_length=200, required=False
    )
    designation_date = forms.DateField(
        label=_("Designation date (officials)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, roles: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Invitation.Role.choices)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(role, labels[role]) for role in roles]
        if Invitation.Role.OFFICIAL not in roles:
            for name in ("title", "basis", "designated_by", "designation_date"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("role") == Invitation.Role.OFFICIAL:
            for name in ("title", "basis", "designation_date"):
                if not cleaned.get(name):
                    self.add_error(name, _("An official's invitation needs this."))
            _check_designation(self, cleaned)
        return cleaned

    def designation(self) -> invitations.Designation | None:
        data = self.cleaned_data
        if data.get("role") != Invitation.Role.OFFICIAL:
            return None
        return invitations.Designation(
            title=data["title"],
            basis=data["basis"],
            designated_by=data.get("designated_by", ""),
            designation_date=data["designation_date"],
        )


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["offence_level", "unit", "priority", "note"]
        labels = {
            "offence_level": _("Offence level"),
            "unit": _("Unit"),
            "priority": _("Priority"),
            "note": _("Note"),
        }

    def clean(self):
        cleaned = super().clean() or {}
        if not cleaned.get("offence_level") and not cleaned.get("unit"):
            raise ValidationError(_("Choose an offence level, a unit, or both."))
        return cleaned


class ResetSecondFactorForm(forms.Form):
    reason = ReasonField()


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=150, error_messages={"required": _("Enter your name.")}
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, error_messages={"required": _("Enter your name.")}
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Choose a password.")},
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Enter the password again.")},
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                invitations.check_new_password(first, email=self.email)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["name", "title", "email"]
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "title": {"required": _("Enter your title at the agency.")},
            "email": {"required": _("Enter your e-mail address at the agency.")},
        }
