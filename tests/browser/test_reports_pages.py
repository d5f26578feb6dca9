"""The dashboard, a printable state report and the public statistics in a real Chromium: axe
finds nothing, the charts are named images, bad filters read as errors. Screenshots go to
var/screenshots/reports/."""

import pytest

from tests.support import report_data
from tests.support.browser import ALL_IMPACTS
from tests.support.browser import check_axe as _check_axe
from tests.support.browser import shoot as _shoot
from tests.support.report_data import NOW

# The shared data set's fixtures, used by name.
data = report_data.data


@pytest.fixture
def frozen(time_machine):
    # The clock runs on from the data set's "today": a stopped clock would stall the server.
    time_machine.move_to(NOW)


@pytest.fixture
def world(transactional_db, world):
    return world


def check_axe(page, label: str) -> None:
    # Every violation counts here, minor ones included: these pages are new.
    _check_axe(page, label, impacts=ALL_IMPACTS)


def shoot(page, name: str) -> None:
    _shoot(page, name, folder="reports")


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_the_dashboard_passes_axe_and_its_charts_are_named(new_page, data, locale):
    page = new_page(locale, user=data.world.users["lead"])
    page.goto("/agency/agency-a/dashboard/?start=2025-01-01&end=2025-12-31")
    lang = locale[:2]
    heading = "Figures for Agency A Police" if lang == "en" else "Cifras de Agency A Police"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    charts = page.get_by_role("img")
    assert charts.count() == 2
    name = (
        "Requests received and decided per month"
        if lang == "en"
        else "Solicitudes recibidas y resueltas por mes"
    )
    assert page.get_by_role("img", name=name).is_visible()
    check_axe(page, f"dashboard {lang}")
    shoot(page, f"dashboard-{lang}")


def test_a_bad_date_reads_as_an_error_and_passes_axe(new_page, data):
    page = new_page(user=data.world.users["lead"])
    page.goto("/agency/agency-a/dashboard/")
    page.get_by_label("From", exact=True).fill("2025-06-01")
    page.get_by_label("To", exact=True).fill("2025-01-01")
    page.get_by_role("button", name="Show figures").click()
    assert page.title().startswith("Error:")
    alert = page.get_by_role("alert")
    assert "The end date must be the same as or after the start date." in alert.inner_text()
    check_axe(page, "dashboard error")
    shoot(page, "dashboard-error")


def test_the_statutory_pages_pass_axe(new_page, data):
    page = new_page(user=data.world.users["lead"])
    page.goto("/agency/agency-a/reports/?year=2025")
    check_axe(page, "report index")
    shoot(page, "statutory-index")
    # Only the agency's own state is offered.
    assert page.get_by_role("link", name="Printable page for Washington").count() == 0
    page.get_by_role("link", name="Printable page for California").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("California")
    check_axe(page, "report CA")
    shoot(page, "statutory-ca")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    shoot(page, "statutory-ca-print")


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_the_public_statistics_pass_axe_without_signing_in(new_page, data, locale):
    page = new_page(locale)
    page.goto("/stats/?year=2025")
    lang = locale[:2]
    fewer = "fewer than 5" if lang == "en" else "menos de 5"
    assert page.get_by_role("cell", name=fewer).count() == 4
    check_axe(page, f"stats {lang}")
    shoot(page, f"stats-{lang}")
