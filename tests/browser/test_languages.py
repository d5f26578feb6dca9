"""Every language in a real browser at 320 px: the page's lang and dir, the language switch in
reach, axe clean. Arabic runs right to left. (No sideways scroll at 320 px is the design-system
work's test of every page.)"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.support.browser import check_axe, shoot

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_on_a_phone(new_page, live_server, code, db):
    page = new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": live_server.url}]
    )
    for url in (reverse("home"), reverse("agency_list"), reverse("wizard")):
        page.goto(url)
        html = page.locator("html")
        assert html.get_attribute("lang") == code
        assert html.get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
        other = "es" if code != "es" else "en"
        # On a phone the switch is in the navigation, behind the menu button.
        page.locator(".usa-menu-btn").click()
        switch = page.locator(f".language-switch button[value='{other}']")
        switch.scroll_into_view_if_needed()
        assert switch.is_visible()
        page.locator(".usa-nav__close").click()
        check_axe(page, f"{code} {url}")
    shoot(page, f"wizard-start-{code}-320", "languages")


def test_the_switch_keeps_the_page_in_a_browser(new_page):
    page = new_page()
    page.goto(reverse("agency_list"))
    page.get_by_role("button", name="العربية").click()
    assert page.url.endswith(reverse("agency_list"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".language-switch [aria-current='true']").inner_text() == "العربية"
