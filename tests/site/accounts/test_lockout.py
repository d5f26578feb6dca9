"""Lockout per account and address, rate limits, and no user enumeration."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def without_tokens(response_or_html) -> str:
    html = getattr(response_or_html, "content", response_or_html)
    html = html.decode() if isinstance(html, bytes) else html
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def sign_in(client, email, password, ip="203.0.113.5"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_an_account_is_locked_after_the_limit_even_for_the_right_password(client, world, settings):
    email = world.users["official"].email
    # Upper case counts against the same account.
    assert sign_in(client, email.upper(), "wrong password").status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        assert sign_in(client, email, "wrong password").status_code == 200
    locked = sign_in(client, email, "wrong password")
    assert locked.status_code == 429
    assert "Signing in is paused" in locked.content.decode()
    assert sign_in(client, email, PASSWORD).status_code == 429
    # Another address is not locked out: an attacker cannot lock a person out everywhere.
    assert sign_in(client, email, PASSWORD, ip="198.51.100.7").status_code == 302


def test_a_lockout_looks_the_same_for_an_unknown_address(client, world, settings):
    known, unknown = world.users["advocate"].email, "nobody.here@example.org"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, known, "wrong")
        sign_in(client, unknown, "wrong")
    a, b = sign_in(client, known, "wrong"), sign_in(client, unknown, "wrong")
    assert a.status_code == b.status_code == 429
    assert without_tokens(a) == without_tokens(b)


def test_the_site_admin_can_lift_a_lockout(client, world, settings):
    assert AccessAttempt in admin.site._registry
    email = world.users["coordinator"].email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email, "wrong")
    assert sign_in(client, email, PASSWORD).status_code == 429
    admin_client = client.__class__()
    admin_client.force_login(world.users["admin"])
    attempt = AccessAttempt.objects.get(username=email)
    response = admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert sign_in(client, email, PASSWORD).status_code == 302


def test_a_wrong_password_and_an_unknown_account_get_the_same_message(client, world):
    a = sign_in(client, world.users["victim"].email, "wrong").content.decode()
    b = sign_in(client, "no.account@example.org", "wrong").content.decode()
    message = "The e-mail address or the password is not right"
    assert message in a and message in b
    a = without_tokens(a.replace(world.users["victim"].email, "X"))
    assert a == without_tokens(b.replace("no.account@example.org", "X"))


def test_password_reset_answers_the_same_whether_or_not_the_account_exists(client, world):
    url = reverse("password_reset")
    known = client.post(url, {"email": world.users["victim"].email}, REMOTE_ADDR="192.0.2.1")
    unknown = client.post(url, {"email": "nobody@example.org"}, REMOTE_ADDR="192.0.2.2")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.users["victim"].email]
    assert mail.outbox[0].subject == "Your certify password"


def test_a_password_reset_link_sets_a_new_password(client, world):
    client.post(reverse("password_reset"), {"email": world.users["victim"].email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a much better pass 2026", "new_password2": "a much better pass 2026"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    world.users["victim"].refresh_from_db()
    assert world.users["victim"].check_password("a much better pass 2026")


def test_sign_in_is_rate_limited_per_address(client, world):
    statuses = [
        sign_in(client, f"someone{n}@example.org", "x", ip="192.0.2.9").status_code
        for n in range(21)
    ]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    assert sign_in(client, "x@example.org", "x", ip="192.0.2.10").status_code == 200


def test_password_reset_is_rate_limited(client, db):
    statuses = [
        client.post(reverse("password_reset"), {"email": f"p{n}@example.org"}).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    # Reading the page is never limited.
    assert client.get(reverse("password_reset")).status_code == 200


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit(rf, settings):
    from certify.records.client import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "198.51.100.20"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"


# --- counted by account and by address separately --------------------------------------------


def test_failures_against_one_account_are_counted_across_addresses(client, world, settings):
    email = world.users["official"].email
    statuses = [
        sign_in(client, email, "wrong password", ip=f"198.51.100.{n}").status_code
        for n in range(1, 16)
    ]
    assert 429 in statuses, statuses
    # The account is protected from a spread-out guess; everyone else signs in as usual.
    other = sign_in(client, world.users["victim"].email, PASSWORD, ip="198.51.100.200")
    assert other.status_code == 302


def test_staff_sharing_one_address_do_not_share_their_code_attempts(client, world):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.support.otp import code_for_device

    office = "203.0.113.80"
    devices = {}
    for persona in ("coordinator", "lead"):
        devices[persona] = TOTPDevice.objects.create(
            user=world.users[persona], name="authenticator", confirmed=True
        )
    careless = Client()
    careless.force_login(world.users["coordinator"], otp_verified=False)
    for _ in range(12):
        careless.post(reverse("two_factor_verify"), {"code": "000000"}, REMOTE_ADDR=office)
    colleague = Client()
    colleague.force_login(world.users["lead"], otp_verified=False)
    response = colleague.post(
        reverse("two_factor_verify"),
        {"code": code_for_device(devices["lead"])},
        REMOTE_ADDR=office,
    )
    assert response.status_code == 302


def test_forwarded_for_is_believed_only_from_our_own_proxies(rf, settings):
    from certify.records.client import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    # Reaching the app directly, past the proxy: the header is the client's own invention.
    direct = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="203.0.113.50")
    assert client_ip(direct) == "203.0.113.50"
    settings.TRUSTED_PROXY_NETWORKS = ["192.0.2.0/24"]
    through_proxy = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="192.0.2.10")
    assert client_ip(through_proxy) == "1.2.3.4"


def test_a_warning_is_logged_once_when_every_request_comes_from_one_address(
    client, db, settings, caplog
):
    from certify.site.accounts import middleware

    middleware.OneAddressWatch.reset()
    settings.ONE_ADDRESS_WINDOW = 30
    with caplog.at_level("WARNING", logger="certify.security"):
        for _ in range(70):
            client.get(reverse("home"), REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="8.8.8.8")
    warnings = [r for r in caplog.records if "TRUSTED_PROXY_COUNT" in r.getMessage()]
    assert len(warnings) == 1
    assert "8.8.8.8" not in warnings[0].getMessage()


def test_varied_addresses_raise_no_warning(client, db, settings, caplog):
    from certify.site.accounts import middleware

    middleware.OneAddressWatch.reset()
    settings.ONE_ADDRESS_WINDOW = 30
    with caplog.at_level("WARNING", logger="certify.security"):
        for n in range(70):
            client.get(reverse("home"), REMOTE_ADDR=f"198.51.100.{n}")
    assert not [r for r in caplog.records if "TRUSTED_PROXY_COUNT" in r.getMessage()]


def test_the_start_up_check_warns_when_production_trusts_no_proxy(settings):
    from certify.site import checks

    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0
    assert [w.id for w in checks.proxy_settings(None)] == ["certify.W001"]
    settings.TRUSTED_PROXY_COUNT = 1
    assert checks.proxy_settings(None) == []
