"""A small cache-based rate limiter for public endpoints, and the client address it counts by.

Usage (documented for the owners of sign-up, the wizard's start and /verify/)::

    from certify.site.accounts.ratelimit import rate_limited

    @public
    @rate_limited("verify", limit=20, window=60)        # 20 POSTs a minute per address
    def verify(request): ...

``key`` names the bucket (one per endpoint); it may also be a callable ``key(request) -> str``
for a finer bucket (e.g. per e-mail address as well as per address). Only the methods in
``methods`` (POST by default) count, so reading the page is never limited. Over the limit the
view is not called and the visitor gets a 429 page saying when to try again.
"""

import hashlib
import time
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from certify.records.client import client_ip


def _bucket_key(name: str, ident: str, window: int, now: float) -> str:
    # Hashed: keys stay short and cache-safe whatever the address or e-mail looks like.
    digest = hashlib.sha256(f"{name}\0{ident}".encode()).hexdigest()[:32]
    return f"certify-rl:{digest}:{int(now // window)}"


def hit(name: str, ident: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one attempt; True when this attempt goes over `limit` in the current window."""
    now = time.time() if now is None else now
    key = _bucket_key(name, ident, window, now)
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count > limit


P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


def rate_limited(
    key: str | Callable[[HttpRequest], str],
    limit: int,
    window: int,
    methods: tuple[str, ...] = ("POST",),
) -> Callable[
    [Callable[Concatenate[R, P], HttpResponseBase]], Callable[Concatenate[R, P], HttpResponseBase]
]:
    def decorator(
        view: Callable[Concatenate[R, P], HttpResponseBase],
    ) -> Callable[Concatenate[R, P], HttpResponseBase]:
        @wraps(view)
        def wrapper(request: R, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if getattr(settings, "RATE_LIMIT_ENABLED", True) and request.method in methods:
                name = key(request) if callable(key) else key
                if hit(name, client_ip(request), limit=limit, window=window):
                    response = render(
                        request,
                        "certify/security/rate_limited.html",
                        {"minutes": max(1, window // 60)},
                        status=429,
                    )
                    response["Retry-After"] = str(window)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def sign_in_username(request: HttpRequest | None, credentials: Mapping[str, Any] | None) -> str:
    """The account django-axes counts failures against: the e-mail as users are stored
    (lower-case, trimmed), so "Official@Agency.gov " cannot start a fresh count."""
    if credentials and credentials.get("username"):
        raw = credentials["username"]
    else:
        raw = request.POST.get("username", "") if request is not None else ""
    return str(raw).strip().lower()[:254]
