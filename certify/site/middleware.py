from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers

from certify.site import health, views


class NoStoreMiddleware:
    """No browser or proxy keeps a page: any page may show victim data (a wizard step, a
    request, a message naming a draft), and after a quick exit the Back button must ask the
    server again, which has forgotten the visit (certify.site.safety). Static files are
    served before this (WhiteNoise) and keep their long caching; a public view that sets its
    own Cache-Control (the favicon) keeps it, unless someone is signed in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class HealthProbeMiddleware:
    """Answers the health probes before CommonMiddleware validates the Host header, and before
    sessions, sign-in and the language are looked at: a load balancer probes a backend by its
    own address, which need not be in ALLOWED_HOSTS. SECURE_REDIRECT_EXEMPT keeps the HTTPS
    redirect away from the same paths. Place it after SecurityMiddleware and the header
    middleware, so probes still carry the strict headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.probes: dict[str, Callable[[HttpRequest], HttpResponse]] = {
            "/health/live": health.live,
            "/health/ready": health.ready,
            "/healthz": views.healthz,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = self.probes.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        response = probe(request)
        # XFrameOptionsMiddleware comes later in the chain and is skipped here.
        response.setdefault("X-Frame-Options", "DENY")
        return response
