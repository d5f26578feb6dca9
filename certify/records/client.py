"""The address a request came from, as far as this installation can trust it."""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

# Where reverse proxies usually sit: loopback and private networks. An address outside these
# reaching the app is a client that went round the proxy.
DEFAULT_PROXY_NETWORKS = (
    "127.0.0.0/8",
    "::1/128",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "fc00::/7",
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    parsed = _parse(address)
    if parsed is None:
        return False
    spec = tuple(getattr(settings, "TRUSTED_PROXY_NETWORKS", DEFAULT_PROXY_NETWORKS))
    return any(parsed in network for network in _networks(spec))


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address our own proxies saw when TRUSTED_PROXY_COUNT says how many
    sit in front of us. Each of those hops must be one of TRUSTED_PROXY_NETWORKS: a client
    reaching the app directly cannot make up an X-Forwarded-For. Only entries our proxies
    appended are believed; anything further left was written by the client and could be
    forged to dodge a limit or to lock someone else out. Used by the rate limiter, django-axes
    and the audit trail."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [p for p in forwarded if p] + [remote]
    for step in range(hops):
        position = len(chain) - 1 - step
        if position < 0:
            return remote
        if not is_trusted_proxy(chain[position]):
            # Not one of ours: this is the client (or it went round the proxy).
            return chain[position] if _parse(chain[position]) else remote
    position = len(chain) - 1 - hops
    if position < 0 or _parse(chain[position]) is None:
        return remote
    return str(_parse(chain[position]))
