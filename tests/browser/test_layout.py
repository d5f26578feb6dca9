"""Every page of the URL map on a 320 px phone, for every role, in English and Spanish: nothing
scrolls sideways, and the site's strict CSP refuses nothing the pages do. The navigation
collapses behind the menu button with JavaScript and stays in the page without it."""

import pytest

from tests.support.browser import FITS, shoot, too_wide
from tests.support.url_map import ROLES, error_url, page_url, pages_for

PHONE = 320


def user_for(world, role):
    return None if role == "anonymous" else world.users[role]


def watch_csp(page, found: list[str]) -> None:
    def on_console(message):
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_every_page_fits_a_320_px_phone_for_every_role(new_page, world, settings, tmp_path, lang):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    wide, refused_by_csp, visited = [], [], 0
    for role in ROLES:
        page = new_page(f"{lang}-US", user_for(world, role), width=PHONE, csp=True)
        watch_csp(page, refused_by_csp)
        for entry in pages_for(role, "get"):
            for url in filter(None, [page_url(world, entry), error_url(world, entry)]):
                page.goto(url)
                visited += 1
                assert page.locator("html").get_attribute("lang") == lang
                if too_wide(page):
                    wide.append(f"{url} as {role}: {too_wide(page)}")
    assert visited > 80
    assert wide == [], "\n".join(wide)
    assert refused_by_csp == [], "\n".join(refused_by_csp)


def test_the_menu_button_opens_the_navigation_on_a_phone(new_page, world):
    page = new_page("en-US", world.users["advocate"], width=PHONE, csp=True)
    page.goto("/requests/")
    agencies = page.locator(".usa-nav").get_by_role("link", name="Agencies")
    assert not agencies.is_visible()
    page.get_by_role("button", name="Menu").click()
    assert agencies.is_visible()
    page.wait_for_timeout(500)  # the menu slides in
    shoot(page, "menu-open-320", "layout")
    page.locator(".usa-nav").get_by_role("button", name="Español").click()
    page.wait_for_selector("html[lang=es]")
    page.get_by_role("button", name="Menú").click()
    assert page.locator(".usa-nav").get_by_role("link", name="Solicitudes").is_visible()


def test_without_javascript_the_navigation_stays_in_the_page(new_page, world):
    page = new_page("en-US", world.users["advocate"], width=PHONE, javascript=False)
    page.goto("/requests/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    nav = page.locator(".usa-nav")
    for name in ("Agencies", "Requests", "Notices"):
        assert nav.get_by_role("link", name=name).is_visible()
    assert nav.get_by_role("button", name="Español").is_visible()
    assert page.evaluate(FITS)
    shoot(page, "no-javascript-320", "layout")


def test_after_a_refused_submit_focus_is_on_the_error_summary(new_page, world):
    page = new_page("en-US", csp=True)
    page.goto("/apply/start/")
    page.locator("form .button-group button.usa-button").first.click()
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#error-summary') !== null")
    page.keyboard.press("Enter")
    first_error = page.locator("#error-summary a").first.get_attribute("href")[1:]
    assert page.evaluate("document.activeElement.id") == first_error


SHOTS = [
    # (name, role, path or a function of the world)
    ("wizard", "anonymous", "/apply/victim/"),
    ("requests", "advocate", "/requests/"),
    ("queue", "official", "/agency/queue/"),
    ("dashboard", "lead", lambda w: f"/agency/{w.agency_a.slug}/dashboard/"),
]


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_screenshots_of_the_main_pages(new_page, world, width):
    """Screenshots to look at (var/screenshots/layout, or $CERTIFY_SCREENSHOTS)."""
    for name, role, where in SHOTS:
        page = new_page("en-US", user_for(world, role), width=width, csp=True)
        if name == "wizard":
            page.goto("/apply/start/")
            page.check("input[name='start-filed_by'][value='victim']")
            page.check("input[name='start-form'][value='U']")
            page.locator("form .button-group button.usa-button").first.click()
            page.wait_for_url(lambda url: "/apply/victim/" in url)
            shoot(page, f"{name}-{width}", "layout")
            page.fill("#id_victim-family_name", "Peña")
            page.fill("[name='victim-date_of_birth_month']", "13")
            page.locator("form .button-group button.usa-button").first.click()
            page.wait_for_selector("#error-summary")
            shoot(page, f"{name}-error-{width}", "layout")
        else:
            page.goto(where(world) if callable(where) else where)
            shoot(page, f"{name}-{width}", "layout")
        assert page.evaluate(FITS), name
