"""An agency runs itself, in a real Chromium: the lead invites an official, who sets a password
and enrols an authenticator in one flow and is designated; an agency not on certify asks to
join, the site admin approves, and its first lead joins and signs in. axe checks each new page;
screenshots go to var/screenshots/agency/."""

import re

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records.models import Agency, AgencyMembership, CertifyingOfficial
from tests.conftest import PASSWORD
from tests.support.browser import check_axe, shoot
from tests.support.otp import code_for, code_for_device

NEW_PASSWORD = "a long and unusual passphrase 41"


def check(page, name: str) -> None:
    shoot(page, name, folder="agency")
    check_axe(page, name)


@pytest.fixture
def world(transactional_db, world):
    for persona in ("lead", "admin"):
        TOTPDevice.objects.create(user=world.users[persona], name="authenticator", confirmed=True)
    return world


def sign_in(page, email: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/**")
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    page.get_by_label("Security code").fill(code_for_device(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def link_in_last_mail(path: str) -> str:
    return re.search(rf"https?://[^/\s]+({path}\S+/)", mail.outbox[-1].body).group(1)


def join_and_enrol(page, link: str, name: str) -> None:
    """The invited person's one flow: a password, then the authenticator."""
    page.goto(link)
    check(page, f"invitation-{name}")
    page.get_by_label("First name").fill(name)
    page.get_by_label("Last name").fill("Ng")
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("The same password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Set up an authenticator app").wait_for()
    secret = page.locator("code.secret").first.inner_text()
    page.get_by_label("Code from the app").fill(code_for(secret))
    page.get_by_role("button", name="Turn on the code").click()
    page.get_by_role("heading", name="Backup codes").wait_for()


def test_a_lead_invites_an_official_who_joins_enrols_and_is_designated(new_page, world):
    lead = new_page()
    sign_in(lead, world.users["lead"].email, PASSWORD)
    lead.get_by_role("link", name="Settings, officials and staff").click()
    lead.get_by_role("heading", name="Designated certifying officials").wait_for()
    check(lead, "settings")
    lead.get_by_role("link", name="Invite someone").click()
    check(lead, "invite")
    lead.get_by_label("E-mail address").fill("sergeant.ng@example.org")
    lead.get_by_label("Role").select_option("official")
    lead.get_by_label("Title (officials)", exact=True).fill("Sergeant")
    lead.get_by_label("Authority to certify (officials)").select_option("designated")
    lead.get_by_label("Designated by, name and title (officials)").fill("Chief Ana Ruiz")
    lead.get_by_label("Designation date (officials)").fill("2026-11-01")
    lead.get_by_role("button", name="Send the invitation").click()
    lead.get_by_text("The invitation is on its way.").wait_for()
    assert "sergeant.ng@example.org" in lead.content()

    official = new_page()
    join_and_enrol(official, link_in_last_mail("/invitations/"), "Kim")
    official.goto("/agency/queue/")
    assert "/two-factor/" not in official.url
    designation = CertifyingOfficial.objects.get(user__email="sergeant.ng@example.org")
    assert (designation.agency_id, designation.active, designation.designated_by) == (
        world.agency_a.pk,
        True,
        "Chief Ana Ruiz",
    )

    lead.goto(f"/agency/{world.agency_a.slug}/settings/")
    row = lead.get_by_role("row").filter(has_text="Kim Ng").first
    assert "Sergeant" in row.inner_text() and "Active" in row.inner_text()


def test_an_agency_asks_to_join_and_once_approved_its_lead_signs_in(new_page, world):
    agency = Agency.objects.create(
        name="Paper County Sheriff",
        slug="paper-county",
        kind="sheriff",
        state="CA",
        on_certify=False,
        website="https://www.papercounty.gov/",
    )
    visitor = new_page()
    visitor.goto(f"/agencies/{agency.slug}/")
    visitor.get_by_role("link", name="Do you work at this agency?").click()
    check(visitor, "join")
    visitor.get_by_label("Your name").fill("Sam Diaz")
    visitor.get_by_label("Your title").fill("Undersheriff")
    visitor.get_by_label("Your e-mail address at the agency").fill("sam@gmail.com")
    visitor.get_by_role("button", name="Ask to join").click()
    assert visitor.title().startswith("Error:")
    assert visitor.get_by_label("Your name").input_value() == "Sam Diaz"
    visitor.get_by_label("Your e-mail address at the agency").fill("sam@papercounty.gov")
    visitor.get_by_role("button", name="Ask to join").click()
    visitor.get_by_role("heading", name="Check your e-mail").wait_for()
    visitor.goto(link_in_last_mail("/agencies/join/confirm/"))
    visitor.get_by_role("heading", name="Request confirmed").wait_for()

    admin = new_page()
    sign_in(admin, world.users["admin"].email, PASSWORD)
    admin.goto("/admin/certify/joinrequest/")
    admin.locator("input[name=_selected_action]").first.check()
    admin.locator("select[name=action]").select_option("approve")
    admin.get_by_role("button", name="Go").click()
    admin.get_by_text("its lead is invited").wait_for()

    lead = new_page()
    join_and_enrol(lead, link_in_last_mail("/invitations/"), "Sam")
    lead.get_by_role("button", name="Sign out").click()
    sign_in(lead, "sam@papercounty.gov", NEW_PASSWORD)
    lead.get_by_role("link", name="Settings, officials and staff").click()
    lead.get_by_role("heading", name="Settings of Paper County Sheriff").wait_for()
    assert AgencyMembership.objects.filter(
        user__email="sam@papercounty.gov", agency=agency, role="lead", active=True
    ).exists()
