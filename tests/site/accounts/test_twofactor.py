"""Second factor: staff cannot reach victim data or the admin until a code is entered."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.site.accounts import twofactor
from tests.support.otp import code_for, code_for_device

STAFF = ["coordinator", "official", "lead", "other_official", "admin"]


def enrol(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.mark.parametrize("persona", STAFF)
def test_unverified_staff_are_sent_to_the_second_factor(client, world, persona):
    user = world.users[persona]
    enrol(user)
    client.force_login(user, otp_verified=False)
    for url in (reverse("agency_queue"), reverse("request_list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_verify")), url


def test_an_official_without_a_second_factor_cannot_reach_the_queue_or_the_admin(client, world):
    official = world.users["official"]
    official.is_staff = True
    official.save()
    client.force_login(official, otp_verified=False)
    for url in (reverse("agency_queue"), "/admin/", "/admin/certify/agency/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_setup"))
    assert b"Open requests" not in client.get(reverse("agency_queue"), follow=True).content


def test_the_admin_site_itself_refuses_an_unverified_session(rf, world):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = world.users["admin"]
    request.user.is_verified = lambda: False  # what OTPMiddleware sets for such a session
    assert admin.site.has_permission(request) is False
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request) is True


def test_a_right_code_opens_the_queue_and_a_wrong_one_does_not(client, world):
    device = enrol(world.users["official"])
    client.force_login(world.users["official"], otp_verified=False)
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "<title>Error:" in wrong.content.decode()
    assert client.get(reverse("agency_queue")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # guessing slows down, device by device
    device.throttle_reset()
    right = client.post(
        reverse("two_factor_verify"),
        {"code": code_for_device(device), "next": reverse("request_list")},
    )
    assert right["Location"] == reverse("request_list")
    assert client.get(reverse("request_list")).status_code == 200


def test_a_backup_code_works_once(client, world):
    user = world.users["coordinator"]
    enrol(user)
    codes = twofactor.new_backup_codes(user)
    client.force_login(user, otp_verified=False)
    assert client.post(reverse("two_factor_verify"), {"code": codes[0].upper()}).status_code == 302
    assert client.get(reverse("request_list")).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post(reverse("logout"))
    client.force_login(user, otp_verified=False)
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200


def test_enrolment_shows_the_secret_and_confirms_with_a_code(client, world, mailoutbox):
    user = world.users["lead"]
    link = reset_link(world, user, mailoutbox)
    client.force_login(user, otp_verified=False)
    client.get(link)
    page = client.get(reverse("two_factor_setup")).content.decode()
    secret = secret_on(page)
    assert "otpauth://totp/certify" in page
    assert 'src="data:image/svg+xml' in page
    # Reloading keeps the same secret, and nothing is stored before it is confirmed.
    assert secret_on(client.get(reverse("two_factor_setup")).content.decode()) == secret
    assert not TOTPDevice.objects.filter(user=user).exists()
    done = client.post(reverse("two_factor_setup"), {"code": code_for(secret)})
    assert done.status_code == 200
    html = done.content.decode()
    shown = re.findall(r"<li><code>([a-z0-9]+)</code></li>", html)
    assert len(shown) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get(reverse("request_list")).status_code == 200


def test_a_wrong_enrolment_code_does_not_turn_it_on(client, world, mailoutbox):
    user = world.users["lead"]
    link = reset_link(world, user, mailoutbox)
    client.force_login(user, otp_verified=False)
    client.get(link)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "12345x"})
    assert "<title>Error:" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("agency_queue")).status_code == 302


def test_advocates_are_not_asked_unless_they_turn_it_on(client, world):
    advocate = world.users["advocate"]
    client.force_login(advocate)
    assert client.get(reverse("request_list")).status_code == 200
    enrol(advocate)
    client.force_login(advocate, otp_verified=False)
    response = client.get(reverse("request_list"))
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_the_pages_are_in_spanish(client, world):
    client.force_login(world.users["official"], otp_verified=False)
    with translation.override("es"):
        html = client.get(reverse("two_factor_setup"), HTTP_ACCEPT_LANGUAGE="es").content
    assert "Configure una aplicación de autenticación".encode() in html
    enrol(world.users["coordinator"])
    client.force_login(world.users["coordinator"], otp_verified=False)
    html = client.get(reverse("two_factor_verify"), HTTP_ACCEPT_LANGUAGE="es").content
    assert "código de seguridad".encode() in html


# --- enrolment: only through an audited reset, one session, one fresh secret ---------------


def secret_on(page: str) -> str:
    return re.search(r"secret=([A-Z2-7]+)", page).group(1)


def reset_link(world, user, mailoutbox) -> str:
    from workflows import accounts

    accounts.reset_second_factor(
        actor=world.users["admin"], user=user, reason="new phone", site_url="http://testserver"
    )
    body = mailoutbox[-1].body
    return re.search(r"http://testserver(/two-factor/enrol/\S+/)", body).group(1)


def test_staff_without_a_device_cannot_enrol_with_the_password_alone(client, world):
    lead = world.users["lead"]
    client.force_login(lead, otp_verified=False)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "otpauth://" not in page
    assert not TOTPDevice.objects.filter(user=lead).exists()
    for code in ("000000", "123456"):
        client.post(reverse("two_factor_setup"), {"code": code})
    assert not TOTPDevice.objects.filter(user=lead, confirmed=True).exists()
    assert client.get(reverse("agency_queue")).status_code == 302


def test_an_audited_reset_link_enrols_in_the_session_that_opened_it(client, world, mailoutbox):
    lead = world.users["lead"]
    link = reset_link(world, lead, mailoutbox)
    client.force_login(lead, otp_verified=False)
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"].startswith(reverse("two_factor_setup"))
    secret = secret_on(client.get(reverse("two_factor_setup")).content.decode())
    # Reloading keeps this session's secret.
    assert secret_on(client.get(reverse("two_factor_setup")).content.decode()) == secret

    other = client.__class__()
    other.force_login(lead, otp_verified=False)
    assert other.get(link).status_code in (200, 404)
    other_page = other.get(reverse("two_factor_setup")).content.decode()
    assert secret not in other_page and "otpauth://" not in other_page
    other.post(reverse("two_factor_setup"), {"code": code_for(secret)})
    assert not TOTPDevice.objects.filter(user=lead, confirmed=True).exists()

    mailoutbox.clear()
    done = client.post(reverse("two_factor_setup"), {"code": code_for(secret)})
    assert done.status_code == 200
    device = TOTPDevice.objects.get(user=lead, confirmed=True)
    assert twofactor.secret_base32(device).replace(" ", "") == secret
    assert client.get(reverse("agency_queue")).status_code == 200
    assert [m.to for m in mailoutbox] == [[lead.email]]
    assert "authenticator" in mailoutbox[0].body.lower()
    # Used once: the link does nothing more.
    third = client.__class__()
    third.force_login(lead, otp_verified=False)
    assert third.get(link).status_code in (200, 404)
    assert "otpauth://" not in third.get(reverse("two_factor_setup")).content.decode()


def test_each_enrolment_gets_a_fresh_secret(client, world, mailoutbox):
    lead = world.users["lead"]
    secrets_seen = set()
    for _ in range(2):
        link = reset_link(world, lead, mailoutbox)
        session = client.__class__()
        session.force_login(lead, otp_verified=False)
        session.get(link)
        secrets_seen.add(secret_on(session.get(reverse("two_factor_setup")).content.decode()))
    assert len(secrets_seen) == 2
    assert not TOTPDevice.objects.filter(user=lead, confirmed=False).exists()


def test_a_reset_is_audited_and_removes_the_old_devices(world, mailoutbox):
    from certify.records.models import AuditEntry

    official = world.users["official"]
    enrol(official)
    twofactor.new_backup_codes(official)
    reset_link(world, official, mailoutbox)
    assert not TOTPDevice.objects.filter(user=official).exists()
    assert twofactor.backup_codes_left(official) == 0
    entry = AuditEntry.objects.get(object_type="User", object_id=str(official.pk))
    assert entry.actor_id == world.users["admin"].pk and entry.reason == "new phone"


def test_backup_codes_are_stored_hashed(world):
    user = world.users["coordinator"]
    enrol(user)
    codes = twofactor.new_backup_codes(user)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == len(codes)
    assert not stored & set(codes)
    assert not any(code.lower() in token.lower() for code in codes for token in stored)
    assert twofactor.verify(user, codes[3]) is not None
    assert twofactor.verify(user, codes[3]) is None  # once only
    assert twofactor.backup_codes_left(user) == len(codes) - 1


def test_an_advocate_may_turn_it_on_alone_and_is_told_by_e_mail(client, world, mailoutbox):
    advocate = world.users["advocate"]
    client.force_login(advocate)
    secret = secret_on(client.get(reverse("two_factor_setup")).content.decode())
    done = client.post(reverse("two_factor_setup"), {"code": code_for(secret)})
    assert done.status_code == 200
    assert TOTPDevice.objects.filter(user=advocate, confirmed=True).exists()
    assert [m.to for m in mailoutbox] == [[advocate.email]]


def test_the_first_admin_gets_a_link_from_the_command_line(world, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    from certify.records.models import AuditEntry

    admin_user = world.users["admin"]
    call_command(
        "reset_second_factor", admin_user.email, "--reason", "first set-up", stdout=StringIO()
    )
    assert mailoutbox[-1].to == [admin_user.email]
    assert "/two-factor/enrol/" in mailoutbox[-1].body
    entry = AuditEntry.objects.get(object_type="User", object_id=str(admin_user.pk))
    assert entry.actor_label == "command: reset_second_factor" and entry.reason == "first set-up"
