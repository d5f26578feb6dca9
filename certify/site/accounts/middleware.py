"""Middleware: a verified second factor for staff, idle sign-out, and the Permissions-Policy."""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from certify.records.client import is_trusted_proxy
from certify.site.accounts import snapshot, twofactor

security_log = logging.getLogger("certify.security")

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
        "health_live",
        "health_ready",
    }
)


class RequireSecondFactorMiddleware:
    """Sends staff (and advocates who turned 2FA on) to the second-factor step until their
    session is verified. Must come after django_otp's OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in UNVERIFIED_ALLOWED and not match.namespace:
            return None
        if snapshot.has_second_factor(request):
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

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
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
            # Written on every request: the timeout counts from the last one, to the second.
            request.session[IDLE_KEY] = now
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """No page of certify needs the camera, microphone, location or payment APIs; saying so
    stops an injected frame or script from asking for them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class OneAddressWatch:
    """Logs one warning when the client address cannot be right: with no proxy trusted
    (TRUSTED_PROXY_COUNT=0), every request of a window came from one address, or with proxies
    trusted, a request reached the app from outside TRUSTED_PROXY_NETWORKS. Behind a proxy
    that nobody told certify about, every visitor shares the proxy's address: one person's
    wrong passwords then slow down everyone. ONE_ADDRESS_WINDOW=0 turns the watch off."""

    _lock = threading.Lock()
    _seen: set[str] = set()
    _count = 0
    _forwarded = False
    _warned = False

    def __init__(self, get_response):
        self.get_response = get_response

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls._seen, cls._count, cls._forwarded, cls._warned = set(), 0, False, False

    def __call__(self, request):
        window = getattr(settings, "ONE_ADDRESS_WINDOW", 0)
        if window and not type(self)._warned:
            self._watch(request, window)
        return self.get_response(request)

    def _watch(self, request, window: int) -> None:
        cls = type(self)
        remote = request.META.get("REMOTE_ADDR", "")
        forwarded = bool(request.META.get("HTTP_X_FORWARDED_FOR"))
        if settings.TRUSTED_PROXY_COUNT > 0:
            if not is_trusted_proxy(remote):
                with cls._lock:
                    cls._warned = True
                security_log.warning(
                    "A request reached certify directly from outside TRUSTED_PROXY_NETWORKS "
                    "although TRUSTED_PROXY_COUNT=%d: do not expose the application past its "
                    "proxy. X-Forwarded-For from such requests is ignored.",
                    settings.TRUSTED_PROXY_COUNT,
                )
            return
        with cls._lock:
            cls._seen.add(remote)
            cls._count += 1
            cls._forwarded = cls._forwarded or forwarded
            if len(cls._seen) > 1:
                cls._seen, cls._count, cls._forwarded = {remote}, 1, forwarded
                return
            if cls._count < window:
                return
            cls._warned = True
            through_proxy = cls._forwarded
        security_log.warning(
            "The last %d requests all came from one address%s, and TRUSTED_PROXY_COUNT is 0: "
            "if certify runs behind a proxy, every visitor counts as that proxy, so sign-in "
            "limits and lockouts are shared by everyone. Set TRUSTED_PROXY_COUNT (and "
            "TRUSTED_PROXY_NETWORKS); see README, Running in production.",
            window,
            " with X-Forwarded-For headers" if through_proxy else "",
        )
