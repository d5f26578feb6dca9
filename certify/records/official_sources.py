"""Which web addresses count as official sources of law.

Pages, letters, reports and PDFs cite the law itself: statute, regulation and ordinance
sections and the official sites that publish them. Summaries by firms, blogs and nonprofits
may have helped to find a rule, but they are never what a victim, an agency or a legislature
is shown. This module is the one list of what "official" means here, used by the deadline
rules' validation and by the tests that read every page for stray sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# Government domains: federal and state (.gov), and state and local governments under .us
# (the state's two-letter label comes right before "us", as in leg.state.nv.us).
OFFICIAL_SUFFIXES = (".gov", ".mil")
US_STATE_LABELS = frozenset(
    (
        "al",
        "ak",
        "az",
        "ar",
        "ca",
        "co",
        "ct",
        "de",
        "dc",
        "fl",
        "ga",
        "hi",
        "id",
        "il",
        "in",
        "ia",
        "ks",
        "ky",
        "la",
        "me",
        "md",
        "ma",
        "mi",
        "mn",
        "ms",
        "mo",
        "mt",
        "ne",
        "nv",
        "nh",
        "nj",
        "nm",
        "ny",
        "nc",
        "nd",
        "oh",
        "ok",
        "or",
        "pa",
        "ri",
        "sc",
        "sd",
        "tn",
        "tx",
        "ut",
        "vt",
        "va",
        "wa",
        "wv",
        "wi",
        "wy",
        "as",
        "gu",
        "mp",
        "pr",
        "vi",
    )
)
# Hosts outside those domains that publish law on a government's behalf.
OFFICIAL_HOSTS = frozenset(
    {
        # The City of New York's rules site (the Rules of the City of New York, RCNY).
        "rules.cityofnewyork.us",
        # The publishers that cities designate for their official online codes (New York City,
        # Minneapolis and Saint Paul among them).
        "codelibrary.amlegal.com",
        "library.municode.com",
    }
)

# Something that looks like a web address: with a scheme, or a bare host followed by a path.
URL_PATTERN = re.compile(
    r"(?:https?://[^\s\"'<>)\]]+)|(?<![@\w.-])(?:[a-z0-9-]+\.)+[a-z]{2,}(?=/)[^\s\"'<>)\]]*",
    re.IGNORECASE,
)


def host_of(url: str) -> str:
    text = url if "://" in url else f"https://{url}"
    return (urlsplit(text).hostname or "").lower().removeprefix("www.")


def is_official_host(host: str, *, extra_hosts: Iterable[str] = ()) -> bool:
    host = host.lower().removeprefix("www.")
    if not host:
        return False
    if host in OFFICIAL_HOSTS or host in {h.lower() for h in extra_hosts}:
        return True
    if host.endswith(OFFICIAL_SUFFIXES):
        return True
    labels = host.split(".")
    return len(labels) >= 3 and labels[-1] == "us" and labels[-2] in US_STATE_LABELS


def is_official_url(url: str, *, extra_hosts: Iterable[str] = ()) -> bool:
    return is_official_host(host_of(url), extra_hosts=extra_hosts)


def unofficial_urls(text: str, *, extra_hosts: Iterable[str] = ()) -> list[str]:
    """Every web address in ``text`` that is not an official source (nor one of
    ``extra_hosts``, such as the site's own host)."""
    extra = tuple(extra_hosts)
    return [
        match.group(0)
        for match in URL_PATTERN.finditer(text)
        if not is_official_url(match.group(0), extra_hosts=extra)
    ]
