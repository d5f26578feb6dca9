"""Quick exit in a real Chromium: after it, Back and a new tab show nothing of the victim, the
answers do not come back, and a signed-in person must sign in again."""

import pytest
from django.conf import settings
from django.test import Client

from certify.records.models import CertificationRequest

# The configured page, as the CSP's form-action allows it (read once, when settings load).
EXIT_URL = settings.QUICK_EXIT_URL
NAME = "Xochitl"
BIRTH_YEAR = "1987"


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


@pytest.fixture
def world(transactional_db, world):
    return world


def serve_the_neutral_page(page) -> None:
    page.context.route(
        EXIT_URL + "**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title><p>Sunny</p>"
        ),
    )


def continue_(page):
    page.locator("form .button-group button.usa-button").first.click()


def answer_up_to_contact(page) -> None:
    page.goto("/apply/")
    page.check("input[name='start-filed_by'][value='victim']")
    page.check("input[name='start-form'][value='U']")
    continue_(page)
    page.wait_for_url("**/apply/victim/")
    page.fill("#id_victim-family_name", "Quetzal")
    page.fill("#id_victim-given_name", NAME)
    # Day and month alike, so the test holds in either order of the date's boxes.
    for index, value in enumerate(["4", "4", BIRTH_YEAR]):
        page.fill(f"#id_victim-date_of_birth_{index}", value)
    page.check("input[name='victim-gender'][value='female']")
    page.check("input[name='victim-preferred_language'][value='es']")
    continue_(page)
    page.wait_for_url("**/apply/contact/")


def shows_nothing_of_the_victim(page) -> None:
    html = page.content()
    assert NAME not in html
    assert BIRTH_YEAR not in html
    values = page.eval_on_selector_all("input", "nodes => nodes.map(n => n.value).join(' ')")
    assert NAME not in values and BIRTH_YEAR not in values


def keeps_no_cookie_of(page, url: str) -> bool:
    """Whether the browser holds no cookie of the site at `url`, within a second: the beacon's
    answer may arrive after the neutral page has."""
    for _ in range(20):
        if not page.context.cookies(url):
            return True
        page.wait_for_timeout(50)
    return False


def test_quick_exit_leaves_nothing_for_back_or_a_new_tab(new_page, world):
    page = new_page()
    serve_the_neutral_page(page)
    answer_up_to_contact(page)

    assert {c["name"] for c in page.context.cookies(page.url)} >= {"sessionid", "csrftoken"}
    site = page.url
    page.click(".quick-exit-button")
    page.wait_for_url(EXIT_URL)
    page.wait_for_load_state("networkidle")
    # The beacon's answer told the browser to delete this site's cookies (Clear-Site-Data).
    assert keeps_no_cookie_of(page, site)

    page.go_back()
    page.wait_for_load_state("load")
    assert "/apply/" in page.url
    shows_nothing_of_the_victim(page)
    # Back again, to the victim step itself: the answers are gone from the server too.
    page.goto("/apply/victim/")
    shows_nothing_of_the_victim(page)
    assert page.url.endswith("/apply/start/")

    other = page.context.new_page()
    other.goto("/apply/")
    shows_nothing_of_the_victim(other)
    assert other.url.endswith("/apply/start/")


def test_escape_twice_leaves_too(new_page, world):
    page = new_page()
    serve_the_neutral_page(page)
    answer_up_to_contact(page)

    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(EXIT_URL)
    page.wait_for_load_state("networkidle")

    page.go_back()
    page.wait_for_load_state("load")
    shows_nothing_of_the_victim(page)


def test_without_javascript_the_button_still_leaves_and_forgets(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        serve_the_neutral_page(page)
        page.goto("/apply/")
        page.check("input[name='start-filed_by'][value='victim']")
        page.check("input[name='start-form'][value='U']")
        continue_(page)
        page.wait_for_url("**/apply/victim/")
        site = page.url
        page.click(".quick-exit-button")
        page.wait_for_url(EXIT_URL)
        assert keeps_no_cookie_of(page, site)
        page.goto("/apply/victim/")
        assert page.url.endswith("/apply/start/")
    finally:
        context.close()


def test_a_signed_in_advocate_must_sign_in_again_and_the_draft_stays(new_page, world):
    page = new_page(user=world.users["advocate"])
    serve_the_neutral_page(page)
    page.goto("/requests/")
    page.goto(f"/requests/{world.draft.reference}/")
    assert world.draft.reference in page.content()

    page.click(".quick-exit-button")
    page.wait_for_url(EXIT_URL)
    page.wait_for_load_state("networkidle")

    # The exit replaced the draft's page in the history: Back goes to the list before it,
    # which now asks for the password.
    page.go_back()
    page.wait_for_load_state("load")
    assert "/sign-in/" in page.url
    assert world.draft.reference not in page.content()
    page.goto(f"/apply/resume/{world.draft.reference}/")
    assert "/sign-in/" in page.url
    assert CertificationRequest.objects.filter(pk=world.draft.pk, status="draft").exists()
    # The session the browser held is gone on the server, not only forgotten by the browser.
    assert Client().get("/requests/").status_code == 302
