"""Second factor: staff cannot reach victim data or the admin until a code is entered."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.site.accounts import twofactor
from tests.otp import code_for_device

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


def test_enrolment_shows_the_secret_and_confirms_with_a_code(client, world):
    user = world.users["lead"]
    client.force_login(user, otp_verified=False)
    page = client.get(reverse("two_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert twofactor.secret_base32(device) in page
    assert "otpauth://totp/certify" in page
    assert 'src="data:image/svg+xml' in page
    # Reloading keeps the same secret: the app the person already set up keeps matching.
    client.get(reverse("two_factor_setup"))
    assert TOTPDevice.objects.filter(user=user).count() == 1
    done = client.post(reverse("two_factor_setup"), {"code": code_for_device(device)})
    assert done.status_code == 200
    html = done.content.decode()
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in html for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("request_list")).status_code == 200


def test_a_wrong_enrolment_code_does_not_turn_it_on(client, world):
    user = world.users["lead"]
    client.force_login(user, otp_verified=False)
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
