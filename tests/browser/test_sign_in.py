"""The base pages in a real browser: signing in as each role, in English and in Spanish."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from certify.records.models import User
from tests.support.otp import code_for

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots" / "foundation"

ROLES = {
    "victim": ("victim@demo.certify.example", "Sus solicitudes"),
    "advocate": ("advocate@demo.certify.example", "Solicitudes de su organización"),
    "coordinator": ("coordinator@demo.certify.example", "Solicitudes abiertas de su agencia"),
    "official": ("official@demo.certify.example", "Solicitudes abiertas de su agencia"),
    "lead": ("lead@demo.certify.example", "Agencias que usted dirige"),
    "admin": ("admin@demo.certify.example", "Administración del sitio"),
}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize("role", ROLES)
def test_each_demo_role_signs_in_and_switches_to_spanish(page, demo, role):
    email, spanish_heading = ROLES[role]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Sign-in switches to the account's language: here Spanish for every role, as for the demo
    # victim (tests/site/languages covers the switch itself).
    User.objects.filter(email=email).update(preferred_language="es")
    page.goto("/")
    assert page.locator("h1").inner_text() == "Ask for a U or T visa certification"
    page.get_by_role("button", name="Español").click()
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("link", name="Iniciar sesión").first.click()
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    if role not in ("victim", "advocate"):
        # Staff and admins: the second step, with the README's demo TOTP secret.
        page.get_by_role("heading", name="Escriba su código de seguridad").wait_for()
        page.get_by_label("Código de seguridad").fill(code_for())
        page.get_by_role("button", name="Continuar").click()
    if role == "admin":
        # A site admin's home page is a way into the admin, which asks for the same second factor.
        page.get_by_role("link", name=spanish_heading).click()
        page.wait_for_url("**/admin/")
        assert page.get_by_role("link", name="Agencias").first.is_visible()
        page.go_back()
    else:
        page.get_by_role("heading", name=spanish_heading).wait_for()
    page.screenshot(path=str(SCREENSHOTS / f"home-{role}-es.png"), full_page=True)
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(SCREENSHOTS / f"home-{role}-en.png"), full_page=True)
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("link", name="Sign in").first.is_visible()


def test_a_wrong_password_keeps_the_email_and_says_what_is_wrong(page, demo):
    page.goto("/sign-in/")
    page.get_by_label("E-mail address").fill("advocate@demo.certify.example")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.title().startswith("Error:")
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("E-mail address").input_value() == "advocate@demo.certify.example"
