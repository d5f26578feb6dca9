"""Strict headers on every page, no inline script or style, idle staff sessions, re-auth."""

import re
import time
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from certify.site.access import public
from certify.site.accounts.middleware import IDLE_KEY
from certify.site.accounts.reauth import SESSION_KEY, require_recent_authentication

TEMPLATES = Path(__file__).resolve().parents[3] / "certify" / "site" / "templates"


@public
@require_recent_authentication(max_age_seconds=300)
def _sign_here(request):
    return HttpResponse("signing page")


urlpatterns = [
    path("", include("certify.urls")),
    path("test-only/sign-here/", _sign_here, name="test_sign_here"),
]

EXPECTED_CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    # The quick exit's form (without JavaScript) is redirected to the neutral outside page.
    "form-action 'self' https://www.weather.gov",
    "base-uri 'none'",
    "object-src 'none'",
}


def assert_strict_headers(response, url):
    policy = {p.strip() for p in response["Content-Security-Policy"].split(";")}
    assert policy == EXPECTED_CSP, url
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"], url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Content-Type-Options"] == "nosniff", url


@pytest.mark.parametrize("persona", ["anonymous", "victim", "official", "admin"])
def test_every_page_carries_the_strict_headers(client, world, persona):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    urls = [
        "/",
        reverse("login"),
        reverse("password_reset"),
        reverse("request_list"),
        reverse("two_factor_setup"),
        "/admin/",
        "/no-such-page/",
        reverse("healthz"),
    ]
    for url in urls:
        assert_strict_headers(client.get(url), url)


def test_session_and_csrf_cookies_are_httponly_and_secure_in_production(settings):
    from django.conf import settings as live

    assert live.SESSION_COOKIE_HTTPONLY and live.CSRF_COOKIE_HTTPONLY
    source = (Path(live.BASE_DIR) / "certify" / "settings.py").read_text()
    assert "SESSION_COOKIE_SECURE = not DEBUG" in source
    assert "CSRF_COOKIE_SECURE = not DEBUG" in source


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def test_no_template_has_inline_script_or_style():
    offenders = []
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 10
    for template in templates:
        text = template.read_text()
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("style= attribute", STYLE_ATTRIBUTE),
            ("<style> block", STYLE_BLOCK),
            ("on*= handler", EVENT_HANDLER),
        ):
            if pattern.search(text):
                offenders.append(f"{template.relative_to(TEMPLATES)}: {name}")
    assert offenders == []


def test_the_template_scan_would_catch_each_kind():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert STYLE_ATTRIBUTE.search('<p style="color:red">')
    assert STYLE_BLOCK.search("<style>p{}</style>")
    assert EVENT_HANDLER.search('<a onclick="x()">')


def test_staff_are_signed_out_after_thirty_idle_minutes(client, world, settings):
    assert settings.STAFF_IDLE_TIMEOUT_SECONDS == 30 * 60
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("request_list")).status_code == 200
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("request_list")).status_code == 200
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("request_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("request_list"))["Location"].startswith(reverse("login"))


def test_an_idle_victim_keeps_the_ordinary_session(client, world):
    client.force_login(world.users["victim"])
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 3 * 60 * 60
    session.save()
    assert client.get(reverse("request_list")).status_code == 200


@pytest.mark.urls(__name__)
def test_signing_needs_a_recent_password_and_code(client, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.support.otp import code_for_device

    official = world.users["official"]
    client.force_login(official)
    assert client.get("/test-only/sign-here/").content == b"signing page"
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 301
    session.save()
    response = client.get("/test-only/sign-here/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('reauthenticate')}?next=%2Ftest-only%2Fsign-here%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'name="password"' in page and 'name="code"' in page
    device = TOTPDevice.objects.get(user=official)
    wrong = client.post(
        reverse("reauthenticate"),
        {"password": "not it", "code": code_for_device(device), "next": "/test-only/sign-here/"},
    )
    assert wrong.status_code == 200 and "That password is not right." in wrong.content.decode()
    right = client.post(
        reverse("reauthenticate"),
        {
            "password": "certify-demo-2026",
            "code": code_for_device(device),
            "next": "/test-only/sign-here/",
        },
    )
    assert right["Location"] == "/test-only/sign-here/"
    assert client.get("/test-only/sign-here/").content == b"signing page"


def test_re_authentication_never_redirects_off_site(world):
    client = Client()
    client.force_login(world.users["victim"])
    response = client.post(
        reverse("reauthenticate"),
        {"password": "certify-demo-2026", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")
