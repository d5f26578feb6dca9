"""The certifying official's workspace in a real Chromium: the coordinator assigns, the
official completes, prints and records the ink-signed scan, the advocate downloads it; an
official denies and the victim reads the letter in Spanish; an official asks for information
and the advocate answers. axe checks each workspace page; screenshots go to
var/screenshots/workspace/."""

import io
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from certify.records import documents, seal
from certify.records.models import CertificationRequest, SupportingDocument
from tests.conftest import PASSWORD
from tests.support.browser import check_axe, shoot
from tests.support.workspace import assign_and_review, every_required_answer
from workflows import review


def check(page, name: str) -> None:
    shoot(page, name, folder="workspace")
    check_axe(page, name)


Status = CertificationRequest.Status


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


@pytest.fixture
def world(transactional_db, world):
    # Staff sign in with a second factor: each gets an authenticator the test can read.
    for persona in ("coordinator", "official", "lead"):
        TOTPDevice.objects.create(user=world.users[persona], name="authenticator", confirmed=True)
    return world


def sign_in(page, user, *, english=True) -> None:
    page.goto("/sign-in/")
    email, password, button = (
        ("E-mail address", "Password", "Sign in")
        if english
        else ("Correo electrónico", "Contraseña", "Iniciar sesión")
    )
    page.get_by_label(email).fill(user.email)
    page.get_by_label(password).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        page.wait_for_url("**/two-factor/**")
        token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        page.get_by_label("Security code").fill(f"{token:06d}")
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_assign_complete_sign_in_ink_and_the_advocate_downloads_it(new_page, world):
    req = world.advocate_request
    coordinator = new_page()
    sign_in(coordinator, world.users["coordinator"])
    coordinator.goto("/agency/queue/")
    check(coordinator, "queue-coordinator")
    coordinator.get_by_role("link", name=f"Assign {req.reference}").click()
    # The round robin's choice is already selected.
    assert coordinator.get_by_label("Morgan Lee, Lieutenant").is_checked()
    check(coordinator, "assign")
    coordinator.get_by_role("button", name="Assign").click()
    coordinator.get_by_text("The request is assigned to Morgan Lee.").wait_for()

    # Most of the agency's answers drafted already; the official supplies the citations.
    req.refresh_from_db()
    req.gender = "female"
    req.save(update_fields=["gender"])
    answers = every_required_answer(req)
    answers.pop("part3.statutory_citations")
    review.save_completion(req, actor=world.users["official"], answers=answers, expected_version=1)

    official = new_page()
    sign_in(official, world.users["official"])
    official.goto(f"/requests/{req.reference}/")
    check(official, "request-official")
    official.get_by_role("link", name="Complete the agency's parts").click()
    check(official, "complete-blank-items")
    official.get_by_role("link", name="Part 3, Item 3: Statutory citation").click()
    assert official.url.endswith("#id_part3__statutory_citations")
    check(official, "part-3")
    official.get_by_label("3. Statutory citation").fill("Cal. Penal Code 245(a)(1)")
    official.get_by_role("button", name="Save draft").click()
    official.get_by_text("Saved.").wait_for()
    official.get_by_role("link", name="Back to all parts").click()
    official.get_by_text("No required item is blank.").wait_for()
    with official.expect_download() as download:
        official.get_by_role("button", name="Download the supplement for signature (PDF)").click()
    printed = Path(download.value.path()).read_bytes()
    # Printed for signature, it certifies nothing yet: /verify/ does not know it.
    assert not seal.verify_file(printed).found
    official.get_by_role("link", name="Record the signature").click()
    check(official, "sign")
    req.refresh_from_db()
    signed_on = req.received_on
    official.get_by_label("Day").fill(str(signed_on.day))
    official.get_by_label("Month").fill(str(signed_on.month))
    official.get_by_label("Year").fill(str(signed_on.year))
    # The "scan": the printed copy itself, as a scanner would return it.
    official.get_by_label("Scan of the signed supplement").set_input_files(
        files=[{"name": "signed.pdf", "mimeType": "application/pdf", "buffer": printed}]
    )
    official.get_by_role("button", name="Record the signed supplement").click()
    official.get_by_text("The signed supplement is recorded.").wait_for()
    check(official, "request-certified")
    req.refresh_from_db()
    assert req.status == Status.CERTIFIED and req.signature_date == signed_on

    advocate = new_page()
    sign_in(advocate, world.users["advocate"])
    advocate.goto(f"/requests/{req.reference}/")
    check(advocate, "request-advocate-certified")
    assert advocate.get_by_text("File Form I-918 with this supplement by").is_visible()
    with advocate.expect_download() as download:
        advocate.get_by_role("link", name="signed.pdf").click()
    received = Path(download.value.path()).read_bytes()
    verdict = seal.verify_file(received)
    assert verdict.kind == "signed_scan" and verdict.status == "valid"


def test_an_official_denies_and_the_victim_reads_the_letter_in_spanish(new_page, world):
    req = world.victim_request
    req.preferred_language = "es"
    req.save(update_fields=["preferred_language"])
    assign_and_review(world, req)
    official = new_page()
    sign_in(official, world.users["official"])
    official.goto(f"/requests/{req.reference}/")
    official.get_by_role("link", name="Deny", exact=True).click()
    official.get_by_role("button", name="Deny and issue the letter").click()
    assert official.title().startswith("Error:")
    check(official, "deny-errors")
    official.get_by_label("The agency's records do not support it").check()
    official.get_by_label("The agency's explanation").fill(
        "Our records hold no report of this incident."
    )
    official.get_by_role("button", name="Deny and issue the letter").click()
    official.get_by_text("The request is denied").wait_for()

    # The victim's account is in Spanish: sign-in keeps the site in it.
    world.users["victim"].preferred_language = "es"
    world.users["victim"].save(update_fields=["preferred_language"])
    victim = new_page(locale="es-ES")
    sign_in(victim, world.users["victim"], english=False)
    victim.goto(f"/requests/{req.reference}/")
    victim.get_by_role("heading", name="Si no está de acuerdo con la decisión").wait_for()
    check(victim, "request-victim-denied-es")
    with victim.expect_download() as download:
        victim.get_by_role("link", name=f"{req.reference}-denial-letter.pdf").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert "decidió no firmar la certificación" in text
    assert "Our records hold no report of this incident." in text
    victim.get_by_role("link", name="Pedir a la agencia que lo reconsidere").click()
    check(victim, "reconsideration-es")


def test_the_official_asks_for_information_and_the_advocate_answers(new_page, world):
    req = assign_and_review(world)
    due = req.due_date
    official = new_page()
    sign_in(official, world.users["official"])
    official.goto(f"/requests/{req.reference}/")
    official.get_by_role("link", name="Ask for information").click()
    official.get_by_role("button", name="Ask the requester").click()
    official.locator("#error-summary").get_by_text(
        "Write what the agency needs from the requester"
    ).wait_for()
    official.get_by_label("What the agency needs").fill("Please send the police report number.")
    official.get_by_role("button", name="Ask the requester").click()
    official.get_by_text("The requester is asked. The request waits for their answer.").wait_for()
    req.refresh_from_db()
    assert req.status == Status.INFO_REQUESTED and req.due_date == due

    advocate = new_page()
    sign_in(advocate, world.users["advocate"])
    advocate.goto(f"/requests/{req.reference}/")
    advocate.get_by_text("The agency has asked for information.").wait_for()
    check(advocate, "request-advocate-info-requested")
    advocate.get_by_label("Message", exact=True).fill("The report number is 2025-0042.")
    advocate.get_by_role("button", name="Send the answer").click()
    advocate.get_by_text("Your message is sent.").wait_for()
    req.refresh_from_db()
    assert req.status == Status.IN_REVIEW
    official.reload()
    official.get_by_text("The report number is 2025-0042.").wait_for()
    check(official, "request-official-thread")
    assert not SupportingDocument.objects.filter(request=req, kind="signed_supplement").exists()
    assert documents  # the module the downloads go through


def test_a_coordinator_forwards_a_request_that_is_another_agencys_case(new_page, world):
    req = world.advocate_request
    coordinator = new_page()
    sign_in(coordinator, world.users["coordinator"])
    coordinator.goto(f"/requests/{req.reference}/")
    coordinator.get_by_role("link", name="Accept, forward or return").click()
    coordinator.get_by_label("No: forward it to the agency whose case it is").check()
    coordinator.get_by_role("button", name="Continue").click()
    # Both missing answers are named, and the error summary takes the focus.
    summary = coordinator.locator("#error-summary")
    summary.get_by_text("Choose the agency to forward the request to.").wait_for()
    summary.get_by_text("Write why the request is not your agency's case.").wait_for()
    assert coordinator.evaluate("document.activeElement.id") == "error-summary"
    assert coordinator.get_by_label("No: forward it to the agency whose case it is").is_checked()
    check(coordinator, "accept-errors")
    coordinator.get_by_label("Agency to forward it to").select_option(label="Agency B Police (WA)")
    coordinator.get_by_label("Reasons", exact=True).fill("The assault happened in Seattle.")
    coordinator.get_by_role("button", name="Continue").click()
    coordinator.get_by_text("The request is forwarded to Agency B Police.").wait_for()
    assert coordinator.url.endswith("/agency/queue/")
    req.refresh_from_db()
    assert req.agency == world.agency_b and req.status == Status.RECEIVED

    advocate = new_page()
    sign_in(advocate, world.users["advocate"])
    advocate.goto(f"/requests/{req.reference}/")
    advocate.get_by_text("forwarded to another agency").wait_for()
    advocate.get_by_text("The assault happened in Seattle.").wait_for()
