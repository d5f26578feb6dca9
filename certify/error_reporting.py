"""Optional error reporting to Sentry (or a compatible service), with personal data removed.

Started from settings.py only when SENTRY_DSN is set. The SDK is told not to collect personal
data (no user, cookies, bodies or local variables), and every event and breadcrumb then passes
through `scrub_event` / `scrub_breadcrumb` before it leaves the server, which remove what an
integration might add anyway and blank quoted values, e-mail addresses and long numbers in
exception messages. What stays: the exception type, the stack trace (files, functions, lines
of code), the URL path, the HTTP method, and the release and environment.
"""

from __future__ import annotations

import re
from typing import Any, cast

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration
from sentry_sdk.types import Breadcrumb, BreadcrumbHint, Event, Hint

REDACTED = "[redacted]"

# Exception messages quote the offending value: int("Quinn") fails with
# "invalid literal for int() with base 10: 'Quinn'"; PostgreSQL says
# 'Key (email)=(person@example.org) already exists'.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|“[^”]*”")
_KEY_VALUE = re.compile(r"=\([^)]*\)")
_EMAIL = re.compile(r"[^\s@'\"<>()]+@[^\s@'\"<>()]+")
# Dates, A-numbers, phone, case and ZIP numbers.
_LONG_NUMBER = re.compile(r"\d[\d\-/. ]{3,}\d")
_SQL_LITERAL = re.compile(r"'(?:[^']|'')*'")

# Request details worth keeping: neither carries personal data (certify keeps victim data out
# of URLs; the query string is dropped all the same).
_REQUEST_KEEP = ("method",)


def redact_text(text: str) -> str:
    text = _KEY_VALUE.sub(f"=({REDACTED})", text)
    text = _QUOTED.sub(f"'{REDACTED}'", text)
    text = _EMAIL.sub(REDACTED, text)
    return _LONG_NUMBER.sub(REDACTED, text)


def _scrub_request(request: dict[str, Any]) -> dict[str, Any]:
    kept = {key: request[key] for key in _REQUEST_KEEP if key in request}
    url = request.get("url")
    if isinstance(url, str):
        kept["url"] = url.split("?", 1)[0].split("#", 1)[0]
    return kept


def _scrub_frames(container: Any) -> None:
    stacktrace = container.get("stacktrace") if isinstance(container, dict) else None
    for frame in (stacktrace or {}).get("frames") or []:
        if isinstance(frame, dict):
            frame.pop("vars", None)


def _scrub_logentry(entry: dict[str, Any]) -> dict[str, Any]:
    # Log arguments may be anything; the formatted message is kept, redacted.
    kept = {}
    for key in ("message", "formatted"):
        if isinstance(entry.get(key), str):
            kept[key] = redact_text(entry[key])
    return kept


def scrub_breadcrumb(breadcrumb: Breadcrumb, hint: BreadcrumbHint | None = None) -> Breadcrumb:
    crumb: dict[str, Any] = breadcrumb
    crumb.pop("data", None)
    message = crumb.get("message")
    if isinstance(message, str):
        # SQL keeps its shape (identifiers are double-quoted, values are parameters);
        # a literal written into the statement is blanked.
        if crumb.get("category") == "query":
            crumb["message"] = _SQL_LITERAL.sub(f"'{REDACTED}'", message)
        else:
            crumb["message"] = redact_text(message)
    return breadcrumb


def scrub_event(sdk_event: Event, hint: Hint | None = None) -> Event:
    """Remove personal data from an event before it is sent. Never returns None: an error
    report is still wanted, only without the data."""
    event = cast(dict[str, Any], sdk_event)
    if isinstance(event.get("request"), dict):
        event["request"] = _scrub_request(event["request"])
    for key in ("user", "extra", "server_name"):
        event.pop(key, None)
    for key in ("exception", "threads"):
        for value in (event.get(key) or {}).get("values") or []:
            if not isinstance(value, dict):
                continue
            if key == "exception" and isinstance(value.get("value"), str):
                value["value"] = redact_text(value["value"])
            _scrub_frames(value)
    if isinstance(event.get("logentry"), dict):
        event["logentry"] = _scrub_logentry(event["logentry"])
    if isinstance(event.get("message"), str):
        event["message"] = redact_text(event["message"])
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    if isinstance(values, list):
        for crumb in values:
            if isinstance(crumb, dict):
                scrub_breadcrumb(cast(Breadcrumb, crumb))
    return sdk_event


def start(
    dsn: str,
    *,
    environment: str = "production",
    release: str | None = None,
    transport: Any = None,
) -> None:
    """Start the SDK. `transport` is for tests, which capture events instead of sending."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(transaction_style="url"), LoggingIntegration()],
        # The SDK's own switches first (data_collection supersedes send_default_pii, which
        # left cookies, headers and query strings on): collect nothing personal at all.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "off"}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "graphql": {"document": False, "variables": False},
            "gen_ai": {"inputs": False, "outputs": False},
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        transport=transport,
    )
