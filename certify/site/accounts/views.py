"""Second-factor, re-authentication and password reset pages."""

import secrets

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from certify.records import audit
from certify.records.models import AuditEntry
from certify.site.access import GuardedView, SignedInRequest, SignedInView, checked_inside, public
from certify.site.accounts import twofactor
from certify.site.accounts.forms import CodeForm, EnrolForm, PasswordResetForm, ReauthenticateForm
from certify.site.accounts.ratelimit import per_account, rate_limited
from certify.site.accounts.reauth import mark_authenticated
from workflows import accounts


def _next_url(request: HttpRequest, default: str = "home") -> str:
    """Where to go after the step: a path on this site, or home. Never a view name or another
    host (redirect() would try to reverse "0" as a view name, and an absolute URL could send a
    freshly verified official to a look-alike site)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse(default)


def _go_on(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(_next_url(request))


def _signed_in(view: SignedInView[...]) -> GuardedView[...]:
    # These pages belong to whoever is signed in; they read no one else's data.
    return checked_inside("certify.manage_own_security")(view)


@never_cache
@sensitive_post_parameters("code")
@rate_limited(per_account("two-factor"), limit=10, window=300)
@rate_limited("two-factor", limit=50, window=300)
@_signed_in
def verify(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if twofactor.session_verified(user) or not twofactor.has_second_factor(user):
        return _go_on(request)
    form = CodeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid() and form.device is not None:
        otp_login(request, form.device)
        # A fresh key once both factors are in: a session id seen before this point (on a
        # shared computer, say) is worth nothing afterwards.
        request.session.cycle_key()
        mark_authenticated(request)
        if form.device.persistent_id.startswith("otp_static"):
            left = twofactor.backup_codes_left(user)
            messages.warning(
                request,
                _("You used a backup code. %(left)d are left; make new ones if you are low.")
                % {"left": left},
            )
        return _go_on(request)
    return render(
        request,
        "certify/security/verify.html",
        {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))},
    )


@never_cache
@sensitive_post_parameters("code")
@rate_limited(per_account("two-factor-setup"), limit=10, window=300)
@rate_limited("two-factor-setup", limit=30, window=300)
@_signed_in
def setup(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if twofactor.confirmed_totp(user) is not None:
        return redirect("two_factor_backup_codes")
    state = twofactor.current_enrolment(request)
    if state is None and twofactor.may_enrol_alone(user):
        state = twofactor.start_enrolment(request)
    if state is None:
        # Staff without a device: only an audited reset's link lets them enrol.
        return render(request, "certify/security/setup_needs_link.html", status=200)
    form = EnrolForm(request.POST or None, secret_hex=state["secret"])
    if request.method == "POST" and form.is_valid():
        request.session.pop(twofactor.ENROLMENT_KEY, None)
        try:
            accounts.second_factor_enrolled(
                user=user, secret_hex=state["secret"], grant_id=state["grant"], http_request=request
            )
        except PermissionError:  # the link was spent meanwhile, in another request
            return render(request, "certify/security/enrol_link_invalid.html", status=404)
        otp_login(request, twofactor.confirmed_totp(user))
        request.session.cycle_key()
        mark_authenticated(request)
        codes = twofactor.new_backup_codes(user)
        return render(
            request,
            "certify/security/backup_codes.html",
            {"codes": codes, "left": len(codes), "just_enrolled": True, "next": _next_url(request)},
        )
    device = twofactor.enrolment_device(user, state["secret"])
    uri = device.config_url
    return render(
        request,
        "certify/security/setup.html",
        {
            "form": form,
            "secret": twofactor.secret_base32(device),
            "otpauth_uri": uri,
            "qr": twofactor.qr_data_uri(uri),
            "required": twofactor.second_factor_required(user),
            "next": request.GET.get("next", request.POST.get("next", "")),
        },
    )


@never_cache
@rate_limited(per_account("two-factor-enrol"), limit=10, window=900, methods=("GET",))
@_signed_in
def enrol(request, token: str):
    """The link an audited reset e-mailed: the first signed-in session of that person to open
    it may set up an authenticator, with a secret made for this session alone."""
    nonce = secrets.token_urlsafe(24)
    grant_id = accounts.claim_enrolment_link(user=request.user, token=token, session_nonce=nonce)
    if grant_id is None:
        return render(request, "certify/security/enrol_link_invalid.html", status=404)
    twofactor.start_enrolment(request, grant_id=grant_id, nonce=nonce)
    return redirect("two_factor_setup")


@never_cache
@_signed_in
def backup_codes(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not twofactor.has_second_factor(user):
        return redirect("two_factor_setup")
    codes = None
    if request.method == "POST":
        codes = twofactor.new_backup_codes(user)
        audit.record(
            actor=user,
            action=AuditEntry.Action.UPDATE,
            obj=user,
            detail="backup codes replaced",
            http_request=request,
        )
    return render(
        request,
        "certify/security/backup_codes.html",
        {"codes": codes, "left": twofactor.backup_codes_left(user)},
    )


@never_cache
@sensitive_post_parameters("password", "code")
@_signed_in
def reauthenticate(request: SignedInRequest) -> HttpResponse:
    form = ReauthenticateForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        if form.device is not None:
            otp_login(request, form.device)
        mark_authenticated(request)
        return _go_on(request)
    return render(
        request,
        "certify/security/reauthenticate.html",
        {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))},
    )


# Password reset: the same page and the same redirect whether or not the address has an
# account, so the form cannot be used to find out who uses certify.
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "certify/security/password_reset.html"
    email_template_name = "certify/security/password_reset_email.txt"
    subject_template_name = "certify/security/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "certify/security/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "certify/security/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    # Not signed in afterwards: staff would then skip the sign-in page and its lockout.
    post_reset_login = False


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "certify/security/password_reset_complete.html"


password_reset = public(
    rate_limited("password-reset", limit=5, window=900)(PasswordResetView.as_view())
)
password_reset_done = public(PasswordResetDoneView.as_view())
password_reset_confirm = public(
    rate_limited("password-reset-confirm", limit=10, window=900)(PasswordResetConfirmView.as_view())
)
password_reset_complete = public(PasswordResetCompleteView.as_view())
