from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records.models import User
from certify.site.access import SignedInRequest
from certify.site.accounts import twofactor


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a backup code (letters and digits)."""

    code = forms.CharField(
        label=_("Security code"),
        help_text=_("The 6-digit code your authenticator app shows now, or one backup code."),
        max_length=64,
        error_messages={"required": _("Enter the code from your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        self.device: TOTPDevice | StaticDevice | None = None
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        self.device = twofactor.verify(self.user, code)
        if self.device is None:
            raise forms.ValidationError(
                _("That code did not work. Check the app and enter the newest code."),
                code="invalid",
            )
        return code


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        help_text=_("After adding the account, enter the 6-digit code the app shows."),
        max_length=64,
        error_messages={"required": _("Enter the 6-digit code the app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, secret_hex: str, **kwargs):
        self.secret_hex = secret_hex
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not twofactor.code_matches(self.secret_hex, code):
            raise forms.ValidationError(
                _(
                    "That code did not match. Check the clock of your phone "
                    "and try the newest code."
                ),
                code="invalid",
            )
        return code


class ReauthenticateForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        error_messages={"required": _("Enter your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: SignedInRequest, **kwargs: Any) -> None:
        self.request = request
        self.user = request.user
        self.device: TOTPDevice | StaticDevice | None = None
        super().__init__(*args, **kwargs)
        if twofactor.has_second_factor(self.user):
            self.fields["code"] = CodeForm.base_fields["code"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        password = cleaned.get("password")
        if password is not None:
            # Through authenticate(), so django-axes counts a wrong password here as it does
            # on the sign-in page: re-authentication is no way round the lockout.
            user = authenticate(self.request, username=self.user.email, password=password)
            if user is None or user.pk != self.user.pk:
                self.add_error("password", _("That password is not right."))
                return cleaned
        code = cleaned.get("code")
        if "code" in self.fields and code is not None and password is not None:
            self.device = twofactor.verify(self.user, code)
            if self.device is None:
                self.add_error(
                    "code", _("That code did not work. Check the app and enter the newest code.")
                )
        return cleaned


class SignInForm(auth_forms.AuthenticationForm):
    """Django's sign-in form with certify's own words for its errors."""

    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not right. Check both and try again. "
            "Capital and small letters count in the password."
        ),
        "inactive": _("This account is not active."),
    }


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str) -> Iterable[User]:
        # Emails are stored lower-cased (UserManager); Django's default matches with iexact too.
        return super().get_users(email.strip().lower())

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # In the account's language, not in the language of whoever asked for the reset.
        with override(context["user"].preferred_language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
