"""The address a request came from, as far as this installation can trust it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address our own proxies saw when TRUSTED_PROXY_COUNT says how many
    sit in front of us. Only the entries those proxies appended are believed: anything further
    left in X-Forwarded-For was written by the client and could be forged to dodge a limit or
    to lock someone else out. Used by the rate limiter and by django-axes."""
    remote: str = request.META.get("REMOTE_ADDR", "") or ""
    hops: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [p.strip() for p in header.split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                ipaddress.ip_address(candidate)
            except ValueError:
                return remote
            return candidate
    return remote
