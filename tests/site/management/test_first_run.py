"""`manage.py first_run`: the site admin with a second factor, once, then a checklist."""

import base64
import re

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records.models import AuditEntry, User

PASSWORD = "a-long-enough-Passphrase-42"


def run(capsys, *args) -> str:
    call_command("first_run", *args, "--no-input")
    return capsys.readouterr().out


def test_it_creates_the_site_admin_with_a_second_factor_shown_once(db, capsys, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)

    out = run(capsys, "--admin-email", "ops@agency.example")

    admin = User.objects.get(email="ops@agency.example")
    assert admin.is_superuser and admin.is_staff and admin.check_password(PASSWORD)
    device = TOTPDevice.objects.get(user=admin, confirmed=True)
    secret = re.search(r"secret \(base32.*?\): ([A-Z2-7 ]+)\n", out).group(1).replace(" ", "")
    assert f"otpauth://totp/certify%3Aops%40agency.example?secret={secret}" in out
    # The printed secret is the device's: a code made from it signs in.
    assert device.verify_token(f"{totp(base64.b32decode(secret + '=' * (-len(secret) % 8))):06d}")
    assert "[x] Site admin with a second factor" in out
    assert AuditEntry.objects.filter(object_type="User", object_id=str(admin.pk)).exists()

    again = run(capsys, "--admin-email", "someone.else@agency.example")
    assert secret not in again and "otpauth://" not in again
    assert User.objects.filter(is_superuser=True).count() == 1


def test_without_a_terminal_it_needs_the_password_in_the_environment(db, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD"):
        call_command("first_run", "--admin-email", "ops@agency.example", "--no-input")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "short")
    with pytest.raises(CommandError, match="too short"):
        call_command("first_run", "--admin-email", "ops@agency.example", "--no-input")
    assert not User.objects.exists()


def test_the_checklist_names_what_each_agency_still_lacks(world, capsys):
    out = run(capsys)

    assert "[x] First agency (Agency A Police, Agency B Police)" in out
    assert "[x] Agency A Police: agency lead" in out
    assert "[x] Agency A Police: designated certifying official" in out
    assert "[ ] Agency B Police: agency lead: add a membership" in out
    assert f"/admin/certify/agency/{world.agency_b.pk}/change/" in out
    assert "[ ] Official I-918B edition 01/20/25 installed" in out
    assert "manage.py install_form_edition PATH --form I-918B" in out
    # The world's admin has no authenticator yet.
    assert "[ ] Site admin with a second factor: admin@example.org must sign in" in out


def test_strict_fails_while_items_are_open(db):
    with pytest.raises(CommandError, match="still open"):
        call_command("first_run", "--no-input", "--strict")
