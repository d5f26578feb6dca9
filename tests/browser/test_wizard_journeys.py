"""The request wizard in a real Chromium: whole journeys, keyboard only, and axe on every page
and every error state. Screenshots of each step go to var/screenshots/."""

import pytest

from certify.records.models import CertificationRequest
from tests.conftest import PASSWORD
from tests.support.browser import check_axe, shoot, too_wide


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


@pytest.fixture
def world(transactional_db, world):
    return world


def step_name(page) -> str:
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def visit_step(page, lang: str, check_errors: bool = True) -> str:
    """Screenshot and axe the step, and (once) its error state by continuing with nothing."""
    step = step_name(page)
    assert too_wide(page) is None, step
    check_axe(page, f"{lang} {step}")
    shoot(page, f"{lang}-{step}")
    return step


def continue_(page):
    page.locator("form .button-group button.usa-button").first.click()
    # Measure the next page only once its style sheets apply (rtl.css comes last).
    page.wait_for_load_state("load")


def show_errors(page, lang: str, step: str) -> None:
    continue_(page)
    assert page.wait_for_selector("#error-summary").is_visible()
    assert too_wide(page) is None, f"{step} with errors"
    assert page.title().startswith("Error:" if lang == "en" else "Error:") or page.title()
    check_axe(page, f"{lang} {step} errors")
    shoot(page, f"{lang}-{step}-errors")


def fill_date(page, prefix: str, day: str, month: str, year: str) -> None:
    # The boxes come in month/day/year order; their names keep saying which is which.
    page.fill(f"[name='{prefix}_month']", month)
    page.fill(f"[name='{prefix}_day']", day)
    page.fill(f"[name='{prefix}_year']", year)


def fill_u_request(page, lang: str, *, form="U", filed_by="victim", agency_name="Agency A Police"):
    steps_seen = []
    page.goto("/apply/")
    step = visit_step(page, lang)
    show_errors(page, lang, step)
    page.check(f"input[name='start-filed_by'][value='{filed_by}']")
    page.check(f"input[name='start-form'][value='{form}']")
    continue_(page)

    step = visit_step(page, lang)
    assert step == "victim"
    show_errors(page, lang, step)
    page.fill("#id_victim-family_name", "Peña Núñez")
    page.fill("#id_victim-given_name", "Rosa")
    fill_date(page, "victim-date_of_birth", "2", "4", "1990")
    page.check("input[name='victim-gender'][value='female']")
    page.fill("#id_victim-a_number", "A12345678")
    page.check("input[name='victim-preferred_language'][value='es']")
    continue_(page)

    step = visit_step(page, lang)
    assert step == "contact"
    show_errors(page, lang, step)
    page.check("input[name='contact-safe_channels'][value='phone']")
    page.fill("#id_contact-safe_phone", "(202) 555-0143")
    continue_(page)

    step = visit_step(page, lang)
    assert step == "crime"
    show_errors(page, lang, step)
    fill_date(page, "crime-date_1", "14", "2", "2025")
    page.fill("#id_crime-city", "San Francisco")
    page.fill("#id_crime-county", "San Francisco")
    page.select_option("#id_crime-state", "CA")
    continue_(page)

    step = visit_step(page, lang)
    assert step == "activities"
    show_errors(page, lang, step)
    page.check("input[name='activities-activities'][value='domestic_violence']")
    continue_(page)

    step = visit_step(page, lang)
    assert step == "agency"
    page.get_by_label(agency_name).check()
    continue_(page)

    step = visit_step(page, lang)
    assert step == "story"
    show_errors(page, lang, step)
    page.fill("#id_story-narrative", "Mi expareja me golpeó y me siguió durante meses.")
    page.check("input[name='story-in_english'][value='no']")
    continue_(page)

    step = visit_step(page, lang)
    assert step == "helpfulness"
    show_errors(page, lang, step)
    page.check("input[name='helpfulness-helped_ways'][value='reported']")
    page.check("input[name='helpfulness-unmet'][value='no']")
    continue_(page)

    if form == "U":
        step = visit_step(page, lang)
        assert step == "family"
        show_errors(page, lang, step)
        page.check("input[name='family-harmed'][value='no']")
        page.check("input[name='family-implicated'][value='no']")
        continue_(page)

    step = visit_step(page, lang)
    assert step == "expedite"
    continue_(page)

    step = visit_step(page, lang)
    assert step == "documents"
    continue_(page)
    steps_seen.append(step_name(page))
    return steps_seen


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_step_and_its_errors_fit_a_320_px_phone(new_page, world, lang):
    page = new_page(f"{lang}-US", width=320)
    assert fill_u_request(page, lang) == ["check"]
    assert too_wide(page) is None


def test_a_victim_files_a_u_request_in_spanish(new_page, world):
    page = new_page()
    page.goto("/")
    page.get_by_role("button", name="Español").click()
    fill_u_request(page, "es")
    assert step_name(page) == "check"
    assert page.locator("html").get_attribute("lang") == "es"
    visit_step(page, "es")
    # No account yet: sign in, and come back to the same answers.
    page.locator("a[href='/sign-in/?next=/apply/check/']").click()
    page.fill("#id_username", "victim@example.org")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    assert step_name(page) == "check"
    assert "Rosa" in page.content()
    show_errors(page, "es", "check")
    page.check("#id_check-declaration")
    page.check("#id_check-consent")
    continue_(page)
    assert page.url.endswith("/apply/sent/")
    check_axe(page, "es sent")
    shoot(page, "es-sent")
    req = CertificationRequest.objects.exclude(pk=world.victim_request.pk).get(
        created_by=world.users["victim"], status="received"
    )
    assert req.reference in page.content()
    assert req.form == "U" and req.due_date is not None


def test_an_advocate_saves_a_draft_signs_out_resumes_and_submits_a_t_request(new_page, world):
    page = new_page()
    page.goto("/sign-in/")
    page.fill("#id_username", "advocate@example.org")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto("/apply/")
    page.check("input[name='start-filed_by'][value='advocate']")
    page.check("input[name='start-form'][value='T']")
    continue_(page)
    page.fill("#id_victim-family_name", "Khan")
    page.fill("#id_victim-given_name", "Amina")
    fill_date(page, "victim-date_of_birth", "9", "11", "1988")
    page.check("input[name='victim-gender'][value='female']")
    page.check("input[name='victim-preferred_language'][value='en']")
    page.get_by_role("button", name="Save and come back later").click()
    assert page.url.endswith("/requests/")
    draft = CertificationRequest.objects.get(
        organisation=world.org_x, status="draft", form="T", copied_from=None, wizard_step="victim"
    )
    page.get_by_role("button", name="Sign out").click()

    page.goto("/sign-in/")
    page.fill("#id_username", "advocate@example.org")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto("/requests/")
    page.locator(f"a[href='/apply/resume/{draft.reference}/']").click()
    assert step_name(page) == "victim"
    assert page.input_value("#id_victim-given_name") == "Amina"
    continue_(page)
    page.check("input[name='contact-safe_channels'][value='email']")
    page.fill("#id_contact-safe_email", "advocate.desk@example.org")
    continue_(page)
    fill_date(page, "crime-date_1", "1", "6", "2024")
    page.fill("#id_crime-city", "San Francisco")
    page.select_option("#id_crime-state", "CA")
    continue_(page)
    page.check("input[name='activities-trafficking_types'][value='labor_trafficking']")
    continue_(page)
    page.get_by_label("Agency A Police").check()
    continue_(page)
    page.fill("#id_story-narrative", "She was made to work without pay under threats.")
    page.check("input[name='story-in_english'][value='yes']")
    continue_(page)
    page.check("input[name='helpfulness-cooperation'][value='trauma']")
    page.check("input[name='helpfulness-helped_ways'][value='statements']")
    page.check("input[name='helpfulness-unmet'][value='no']")
    continue_(page)
    assert step_name(page) == "expedite"  # no family step for T
    continue_(page)
    continue_(page)
    assert step_name(page) == "check"
    assert "optional evidence" in page.content()
    page.check("#id_check-declaration")
    page.check("#id_check-consent")
    continue_(page)
    assert page.url.endswith("/apply/sent/")
    draft.refresh_from_db()
    assert draft.status == "received" and draft.filed_by == "advocate"


def test_the_wizard_works_with_the_keyboard_alone(new_page, world):
    page = new_page()
    page.goto("/apply/")

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(
                "(s) => document.activeElement && document.activeElement.matches(s)", selector
            ):
                return
        raise AssertionError(f"Tab never reached {selector}")

    # The first Tab reaches the skip link, and the quick exit is reachable.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('usa-skipnav')")
    tab_to(".quick-exit-button")
    tab_to("input[name='start-filed_by'][value='victim']")
    page.keyboard.press("Space")
    tab_to("input[name='start-form']")
    page.keyboard.press("ArrowDown")  # radios move with arrows: U -> T
    page.keyboard.press("ArrowUp")  # and back to U
    assert page.is_checked("input[name='start-form'][value='U']")
    tab_to("form .button-group button.usa-button")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/apply/victim/" in url)

    # An error summary's links move focus to the field.
    tab_to("form .button-group button.usa-button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#error-summary")
    tab_to("#error-summary a")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_victim-family_name"
    page.keyboard.type("Peña")
    tab_to("#id_victim-given_name")
    page.keyboard.type("Rosa")
    tab_to("[name='victim-date_of_birth_month']")  # month, day, year
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("1990")
    tab_to("input[name='victim-gender']")  # Tab enters a radio group once; arrows choose
    page.keyboard.press("ArrowDown")
    assert page.is_checked("input[name='victim-gender'][value='female']")
    tab_to("input[name='victim-preferred_language']")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # Enter in the form submits with Continue, the first button
    page.wait_for_url(lambda url: "/apply/contact/" in url)
    # Back, by keyboard, keeps what was typed.
    tab_to("button[name='wizard_goto_step']")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/apply/victim/" in url)
    assert page.input_value("#id_victim-given_name") == "Rosa"


def test_english_pages_pass_axe_and_are_photographed(new_page, world):
    page = new_page()
    page.goto("/sign-in/")
    page.fill("#id_username", "victim@example.org")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    fill_u_request(page, "en")
    visit_step(page, "en")
    show_errors(page, "en", "check")
    page.check("#id_check-declaration")
    page.check("#id_check-consent")
    continue_(page)
    assert page.url.endswith("/apply/sent/")
    check_axe(page, "en sent")
    shoot(page, "en-sent")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_not_sure_branch_and_the_sign_up_page_pass_axe(new_page, world, lang):
    page = new_page(locale="es-US" if lang == "es" else "en-US")
    page.goto("/apply/")
    page.check("input[name='start-filed_by'][value='victim']")
    page.check("input[name='start-form'][value='unsure']")
    continue_(page)
    step = visit_step(page, lang)
    assert step == "which"
    show_errors(page, lang, step)
    page.check("input[name='which-form'][value='T']")
    continue_(page)
    assert step_name(page) == "victim"

    page.goto("/apply/account/")
    check_axe(page, f"{lang} sign-up")
    shoot(page, f"{lang}-sign-up")
    page.locator("main form button[type=submit]").click()
    assert page.title().startswith("Error:")
    check_axe(page, f"{lang} sign-up errors")
    shoot(page, f"{lang}-sign-up-errors")


def test_a_requester_of_an_agency_not_on_certify_gets_the_packet_from_the_confirmation_page(
    new_page, world
):
    import io
    from pathlib import Path

    from pypdf import PdfReader

    from certify.records.models import Agency
    from forms.fill import read_back

    paper = Agency.objects.create(
        name="Paper Police Department", slug="paper-pd", kind="police", state="CA",
        street="1 Paper Street", city="San Francisco", zip_code="94110", on_certify=False,
        level="local", category="law_enforcement",
    )  # fmt: skip
    paper.service_areas.create(county="San Francisco", city="San Francisco")
    page = new_page()
    page.goto("/sign-in/")
    page.fill("#id_username", "victim@example.org")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    fill_u_request(page, "en", agency_name="Paper Police Department")
    assert step_name(page) == "check"
    page.check("#id_check-declaration")
    page.check("#id_check-consent")
    continue_(page)
    assert page.url.endswith("/apply/sent/")
    check_axe(page, "en sent off certify")
    shoot(page, "en-sent-packet")
    req = CertificationRequest.objects.get(agency=paper)
    assert req.status == "submitted"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the packet (PDF)").click()
    packet = Path(download.value.path()).read_bytes()
    pages = PdfReader(io.BytesIO(packet)).pages
    letter = " ".join(" ".join(p.extract_text() for p in pages[:3]).split())
    assert "Paper Police Department" in letter and req.reference in letter
    assert "February 14, 2025" in letter and "San Francisco, San Francisco County, CA" in letter
    assert "Where to return the signed supplement" in letter
    # Part 1 is filled in, from what the victim said.
    assert "Peña Núñez" in read_back(packet).values()
    # The notice says the same, and the request page offers the packet again.
    page.goto("/notices/")
    assert page.get_by_text("The packet for your request is ready").is_visible()
    page.goto(f"/requests/{req.reference}/")
    check_axe(page, "en request with packet")
    assert page.get_by_role("link", name="Download the packet (PDF)").is_visible()
