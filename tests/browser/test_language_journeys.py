"""The victim's whole wizard journey, from the first step to "Request sent", in each of the
seven languages on a 320 px phone: axe clean and no sideways scroll on every page, every error
state included. The Arabic wizard and confirmation are kept as screenshots for a person to
look at."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from certify.records.models import CertificationRequest
from tests.browser.test_wizard_journeys import continue_, fill_u_request, show_errors, step_name
from tests.conftest import PASSWORD
from tests.support.browser import SCREENSHOTS, check_axe, shoot, too_wide

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Where a person looks at the right-to-left pages, beside the screenshots folder.
REVIEW_DIR = os.environ.get("CERTIFY_REVIEW_SHOTS")


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


@pytest.fixture
def world(transactional_db, world):
    return world


def check_page(page, label: str) -> None:
    assert too_wide(page) is None, label
    check_axe(page, label)


def keep_for_review(page, name: str) -> None:
    shoot(page, name, "languages")
    if REVIEW_DIR:
        Path(REVIEW_DIR).mkdir(parents=True, exist_ok=True)
        shutil.copy(SCREENSHOTS / "languages" / f"{name}.png", Path(REVIEW_DIR) / f"{name}.png")


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_victim_files_a_request_in_each_language_on_a_phone(new_page, live_server, world, code):
    victim = world.users["victim"]
    victim.preferred_language = code  # signing in switches to the account's language
    victim.save(update_fields=["preferred_language"])
    page = new_page(width=320)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": live_server.url}]
    )
    page.goto("/")
    check_page(page, f"{code} home")

    fill_u_request(page, code)
    assert step_name(page) == "check"
    html = page.locator("html")
    assert html.get_attribute("lang") == code
    assert html.get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
    check_page(page, f"{code} check")
    if code == "ar":
        keep_for_review(page, "ar-wizard-check-320")

    page.locator("a[href='/sign-in/?next=/apply/check/']").click()
    # A link's click does not wait for the page it opens: measured too soon, the new
    # document may not have its <html> yet.
    page.wait_for_url("**/sign-in/?next=/apply/check/")
    check_page(page, f"{code} sign-in")
    page.fill("#id_username", "victim@example.org")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    assert step_name(page) == "check"
    assert "Rosa" in page.content()
    show_errors(page, code, "check")
    page.check("#id_check-declaration")
    page.check("#id_check-consent")
    continue_(page)

    assert page.url.endswith("/apply/sent/")
    assert page.locator("html").get_attribute("lang") == code
    check_page(page, f"{code} sent")
    shoot(page, f"{code}-sent")
    if code == "ar":
        keep_for_review(page, "ar-sent-320")
    req = CertificationRequest.objects.exclude(pk=world.victim_request.pk).get(
        created_by=victim, status="received"
    )
    assert req.reference in page.content()
