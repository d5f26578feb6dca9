"""A small cache-based rate limiter for public endpoints, and the client address it counts by.

Usage (documented for the owners of sign-up, the wizard's start and /verify/)::

    from certify.site.accounts.ratelimit import rate_limited

    @public
    @rate_limited("verify", limit=20, window=60)        # 20 POSTs a minute per address
    def verify(request): ...

``key`` names the bucket (one per endpoint); it may also be a callable ``key(request) -> str``
for a finer bucket, or ``per_account(name)`` to count per account rather than per address
(stack both to count each separately). Only the methods in ``methods`` (POST by default)
count, so reading the page is never limited. Over the limit the view is not called and the
visitor gets a 429 page saying when to try again.

Sign-in failures are counted three ways, each separately: per account and address together
(django-axes: five, then a lockout for that pair only, so an attacker cannot lock a person out
everywhere), per address across accounts (spraying), and per account across addresses (a
guess spread over many addresses), the last two here.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from certify.records.client import client_ip


def _bucket_key(name: str, ident: str, index: int) -> str:
    # Hashed: keys stay short and cache-safe whatever the address or e-mail looks like.
    digest = hashlib.sha256(f"{name}\0{ident}".encode()).hexdigest()[:32]
    return f"certify-rl:{digest}:{index}"


def _keys_and_weight(
    name: str, ident: str, window: int, now: float | None
) -> tuple[str, str, float]:
    """This window's key, the previous window's, and the share of the previous window that
    still lies within the last `window` seconds."""
    now = time.time() if now is None else now
    index, into = divmod(now, window)
    current = _bucket_key(name, ident, int(index))
    previous = _bucket_key(name, ident, int(index) - 1)
    return current, previous, 1 - into / window


def hit(name: str, ident: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one attempt; True when this attempt goes over `limit` in the last `window`
    seconds.

    A sliding window, counted in two fixed ones: the attempts of this window, plus those of the
    previous window weighted by the share of it that is still within the last `window` seconds.
    A burst at the end of one window and the start of the next is then counted as one."""
    current, previous, weight = _keys_and_weight(name, ident, window, now)
    # Kept for two windows: the next window still weighs this one.
    cache.add(current, 0, timeout=2 * window + 1)
    try:
        count = cache.incr(current)
    except ValueError:  # expired between add and incr
        cache.set(current, 1, timeout=2 * window + 1)
        count = 1
    return count + (cache.get(previous) or 0) * weight > limit


def over(name: str, ident: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Whether `limit` attempts were already counted in the last `window` seconds (counts
    nothing)."""
    current, previous, weight = _keys_and_weight(name, ident, window, now)
    counts = cache.get_many([current, previous])
    return counts.get(current, 0) + counts.get(previous, 0) * weight >= limit


class per_account:  # noqa: N801 - reads as a key, like the plain string keys
    """A bucket per account instead of per address: the signed-in person, or the account a
    sign-in form names. Staff behind one office address then do not share one allowance, and
    guesses at one account spread over many addresses are still counted together."""

    def __init__(self, name: str):
        self.name = name

    def ident(self, request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return "name:" + sign_in_username(request, None)


def _ident(key, request) -> tuple[str, str]:
    if isinstance(key, per_account):
        return key.name, key.ident(request)
    name = key(request) if callable(key) else key
    return name, client_ip(request)


def _refusal(request, window: int):
    response = render(
        request,
        "certify/security/rate_limited.html",
        {"minutes": max(1, window // 60)},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


def rate_limited(
    key,
    limit: int,
    window: int,
    methods: tuple[str, ...] = ("POST",),
    *,
    counts=None,
):
    """Limit `methods` to `limit` per `window` seconds per address (or per account with
    `per_account(name)`). With `counts(response) -> bool`, only the attempts it says failed
    are counted (a wrong password), and the limit is checked before the view runs."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not getattr(settings, "RATE_LIMIT_ENABLED", True) or request.method not in methods:
                return view(request, *args, **kwargs)
            name, ident = _ident(key, request)
            if counts is None:
                if hit(name, ident, limit=limit, window=window):
                    return _refusal(request, window)
                return view(request, *args, **kwargs)
            if over(name, ident, limit=limit, window=window):
                return _refusal(request, window)
            response = view(request, *args, **kwargs)
            if counts(response):
                hit(name, ident, limit=limit, window=window)
            return response

        return wrapper

    return decorator


def over_budget(
    request, name: str, *, anonymous: tuple[int, int], signed_in: tuple[int, int]
) -> int | None:
    """Count one attempt at `name` against the visitor's budget, (limit, window seconds):
    a signed-in person's per account (staff behind one office address do not share one), an
    anonymous visitor's per address. Returns the window when the attempt goes over, else None;
    the caller answers without losing what was posted."""
    if not getattr(settings, "RATE_LIMIT_ENABLED", True):
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        (limit, window), ident = signed_in, f"user:{user.pk}"
    else:
        (limit, window), ident = anonymous, client_ip(request)
    return window if hit(name, ident, limit=limit, window=window) else None


def failed_sign_in(response) -> bool:
    """The sign-in form shown again after a POST: the password (or code) was not accepted."""
    return response.status_code == 200


def limit_sign_in(view):
    """The limits of a sign-in page (the site's and the admin's): django-axes locks an account
    per address; on top of that one address spraying many accounts, and many addresses guessing
    one account, are each slowed."""
    view = rate_limited(
        per_account("sign-in-failures"), limit=10, window=900, counts=failed_sign_in
    )(view)
    return rate_limited("sign-in", limit=20, window=300)(view)


def sign_in_username(request, credentials) -> str:
    """The account django-axes counts failures against: the e-mail as users are stored
    (lower-case, trimmed), so "Official@Agency.gov " cannot start a fresh count."""
    if credentials and credentials.get("username"):
        raw = credentials["username"]
    else:
        raw = request.POST.get("username", "") if request is not None else ""
    return str(raw).strip().lower()[:254]
