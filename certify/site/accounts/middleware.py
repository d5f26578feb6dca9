"""Middleware: a verified second factor for staff, idle sign-out, and the Permissions-Policy."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from certify.site.accounts import twofactor

# Pages a signed-in person may reach before the second factor: the 2FA pages themselves and
# the ways out (signing out, switching language). Everything else, the admin included, waits.
UNVERIFIED_ALLOWED = frozenset(
    {
        "two_factor_verify",
        "two_factor_setup",
        "two_factor_enrol",
        "logout",
        "set_language",
        "healthz",
    }
)


class RequireSecondFactorMiddleware:
    """Sends staff (and advocates who turned 2FA on) to the second-factor step until their
    session is verified. Must come after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in UNVERIFIED_ALLOWED and not match.namespace:
            return None
        if twofactor.has_second_factor(user):
            target = "two_factor_verify"
        elif twofactor.second_factor_required(user):
            target = "two_factor_setup"
        else:
            return None
        next_url = request.get_full_path() if request.method == "GET" else ""
        query = f"?{urlencode({'next': next_url})}" if next_url and next_url != "/" else ""
        return redirect(reverse(target) + query)


IDLE_KEY = "certify_last_seen"


class StaffIdleTimeoutMiddleware:
    """Agency staff and site admins are signed out after STAFF_IDLE_TIMEOUT_SECONDS without a
    request: a workstation left open in a station house must not keep victims' files open.
    Others keep the ordinary session age (SESSION_COOKIE_AGE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and twofactor.second_factor_required(user):
            now = int(time.time())
            last = request.session.get(IDLE_KEY)
            if isinstance(last, int) and now - last > settings.STAFF_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.STAFF_IDLE_TIMEOUT_SECONDS // 60},
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('login')}?{query}")
            # Written at most once a minute: enough precision, and far fewer session writes.
            if not isinstance(last, int) or now - last >= 60:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """No page of certify needs the camera, microphone, location or payment APIs; saying so
    stops an injected frame or script from asking for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
