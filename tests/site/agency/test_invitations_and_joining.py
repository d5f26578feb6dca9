"""Joining through an invitation (password and authenticator in one flow) and an agency's
request to join, through the real pages."""

import re

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records.models import (
    Agency,
    AgencyMembership,
    AuditEntry,
    CertifyingOfficial,
    Invitation,
    JoinRequest,
    User,
)
from tests.support.otp import code_for
from workflows import joining
from workflows.accounts import token_hash

PASSWORD = "a long and unusual passphrase 41"


def link_in(mail, pattern: str) -> str:
    return re.search(rf"http://testserver({pattern}\S+/)", mail.body).group(1)


def secret_on(page: str) -> str:
    return re.search(r"secret=([A-Z2-7]+)", page).group(1)


def invite_official(client, world, mailoutbox) -> str:
    client.force_login(world.users["lead"])
    response = client.post(
        reverse("agency_invite", args=[world.agency_a.slug]),
        {
            "email": "new.official@example.org",
            "role": "official",
            "title": "Sergeant",
            "basis": "designated",
            "designated_by": "Chief Ana Ruiz",
            "designation_date": "2026-11-01",
        },
    )
    assert response.status_code == 302
    client.logout()
    return link_in(mailoutbox[-1], "/invitations/")


def test_an_invited_official_sets_a_password_and_enrols_in_one_flow(client, world, mailoutbox):
    link = invite_official(client, world, mailoutbox)
    mail = mailoutbox[-1]
    assert mail.to == ["new.official@example.org"] and "Agency A Police" in mail.body
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash

    form = client.get(link)
    assert form.status_code == 200
    mismatch = client.post(
        link, {"first_name": "Kim", "last_name": "Ng", "password1": PASSWORD, "password2": "x"}
    )
    assert mismatch.status_code == 200 and "Kim" in mismatch.content.decode()
    joined = client.post(
        link,
        {"first_name": "Kim", "last_name": "Ng", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert joined["Location"] == reverse("two_factor_setup")
    user = User.objects.get(email="new.official@example.org")
    official = CertifyingOfficial.objects.get(user=user)
    assert (official.agency, official.designated_by, official.active) == (
        world.agency_a,
        "Chief Ana Ruiz",
        True,
    )
    # Nothing but the set-up until the app is confirmed.
    assert client.get(reverse("agency_queue"))["Location"].startswith(reverse("two_factor_setup"))
    secret = secret_on(client.get(reverse("two_factor_setup")).content.decode())
    done = client.post(reverse("two_factor_setup"), {"code": code_for(secret)})
    assert done.status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert client.get(reverse("agency_queue")).status_code == 200
    # Single use.
    client.logout()
    assert client.get(link).status_code == 404


def test_an_invited_person_who_leaves_before_the_app_cannot_enrol_later(client, world, mailoutbox):
    link = invite_official(client, world, mailoutbox)
    client.post(
        link,
        {"first_name": "Kim", "last_name": "Ng", "password1": PASSWORD, "password2": PASSWORD},
    )
    user = User.objects.get(email="new.official@example.org")
    later = client.__class__()
    later.force_login(user, otp_verified=False)
    page = later.get(reverse("two_factor_setup")).content.decode()
    assert "otpauth://" not in page
    later.post(reverse("two_factor_setup"), {"code": "123456"})
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_an_expired_or_withdrawn_invitation_does_not_work(client, world, mailoutbox):
    link = invite_official(client, world, mailoutbox)
    Invitation.objects.update(expires_at="2020-01-01T00:00Z")
    assert client.get(link).status_code == 404
    response = client.post(
        link,
        {"first_name": "Kim", "last_name": "Ng", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 404
    assert not User.objects.filter(email="new.official@example.org").exists()


def test_an_invitation_to_an_existing_account_is_refused(client, world, mailoutbox):
    client.force_login(world.users["lead"])
    response = client.post(
        reverse("agency_invite", args=[world.agency_a.slug]),
        {"email": "victim@example.org", "role": "coordinator"},
    )
    assert response.status_code == 200 and "already has a certify account" in response.text
    assert not Invitation.objects.exists()


def test_an_officials_invitation_names_who_designated_a_supervisor(client, world):
    client.force_login(world.users["lead"])
    response = client.post(
        reverse("agency_invite", args=[world.agency_a.slug]),
        {
            "email": "x@example.org",
            "role": "official",
            "title": "Sergeant",
            "basis": "designated",
            "designation_date": "2026-11-01",
        },
    )
    assert response.status_code == 200 and "head of the agency" in response.text
    assert response.context["form"]["email"].value() == "x@example.org"


def test_another_agencys_lead_gets_404_on_every_settings_page(client, world):
    AgencyMembership.objects.create(
        user=world.users["other_official"], agency=world.agency_b, role="lead"
    )
    client.force_login(world.users["other_official"])
    slug = world.agency_a.slug
    for url in (
        reverse("agency_settings", args=[slug]),
        reverse("agency_invite", args=[slug]),
        reverse("agency_official", args=[slug, world.official_a.pk]),
        reverse("agency_official", args=["agency-b", world.official_a.pk]),
        reverse("agency_staff_reset", args=[slug, world.users["official"].pk]),
        reverse("agency_staff_reset", args=["agency-b", world.users["official"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("agency_official_end", args=["agency-b", world.official_a.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    assert CertifyingOfficial.objects.get(pk=world.official_a.pk).active


def paper_agency() -> Agency:
    return Agency.objects.create(
        name="Paper County Sheriff",
        slug="paper-county",
        kind="sheriff",
        state="CA",
        on_certify=False,
        website="https://www.papercounty.gov/sheriff",
    )


def test_an_agency_asks_to_join_from_its_address_and_the_admin_approves(client, world, mailoutbox):
    agency = paper_agency()
    page = client.get(reverse("agency_detail", args=[agency.slug]))
    assert reverse("agency_join", args=[agency.slug]) in page.text
    wrong = client.post(
        reverse("agency_join", args=[agency.slug]),
        {"name": "Sam Diaz", "title": "Undersheriff", "email": "sam@gmail.com"},
    )
    assert wrong.status_code == 200 and "@papercounty.gov" in wrong.text
    assert not JoinRequest.objects.exists()
    sent = client.post(
        reverse("agency_join", args=[agency.slug]),
        {"name": "Sam Diaz", "title": "Undersheriff", "email": "sam@sheriff.papercounty.gov"},
    )
    assert sent.status_code == 200
    confirm = link_in(mailoutbox[-1], "/agencies/join/confirm/")
    assert mailoutbox[-1].to == ["sam@sheriff.papercounty.gov"]
    assert client.get(confirm).status_code == 200
    assert client.get(confirm).status_code == 404  # once
    join = JoinRequest.objects.get()
    assert join.status == JoinRequest.Status.CONFIRMED

    admin = world.users["admin"]
    client.force_login(admin)
    response = client.post(
        reverse("admin:certify_joinrequest_changelist"),
        {"action": "approve", "_selected_action": [join.pk]},
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.on_certify
    invitation = Invitation.objects.get(agency=agency)
    assert (invitation.email, invitation.role) == ("sam@sheriff.papercounty.gov", "lead")
    assert "/invitations/" in mailoutbox[-1].body
    assert AuditEntry.objects.filter(object_type="JoinRequest", actor_id=admin.pk).exists()


def test_the_domain_check():
    assert joining.address_at_domain("a@x.gov", "x.gov")
    assert joining.address_at_domain("a@pd.x.gov", "x.gov")
    assert not joining.address_at_domain("a@evilx.gov", "x.gov")
    assert not joining.address_at_domain("a@x.gov.evil.com", "x.gov")
    assert not joining.address_at_domain("a@x.gov", "")


def test_an_organisation_manager_invites_an_advocate_who_joins_the_same_way(
    client, world, mailoutbox
):
    from certify.records.models import OrganisationMembership

    OrganisationMembership.objects.filter(user=world.users["advocate"]).update(role="manager")
    client.force_login(world.users["advocate"])
    url = reverse("organisation_members", args=[world.org_x.slug])
    refused = client.post(url, {"email": "new@example.org", "role": "lead"})
    assert refused.status_code == 200 and not Invitation.objects.exists()
    assert client.post(url, {"email": "new@example.org", "role": "advocate"}).status_code == 302
    client.logout()
    link = link_in(mailoutbox[-1], "/invitations/")
    client.post(
        link,
        {"first_name": "Ana", "last_name": "Ruiz", "password1": PASSWORD, "password2": PASSWORD},
    )
    secret = secret_on(client.get(reverse("two_factor_setup")).content.decode())
    client.post(reverse("two_factor_setup"), {"code": code_for(secret)})
    user = User.objects.get(email="new@example.org")
    assert OrganisationMembership.objects.get(user=user).organisation == world.org_x
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_the_settings_page_is_in_spanish(client, world):
    client.force_login(world.users["lead"])
    page = client.get(
        reverse("agency_settings", args=[world.agency_a.slug]), HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "Funcionarios certificadores designados" in page.text


def test_the_settings_form_keeps_what_was_typed_when_a_value_is_wrong(client, world):
    client.force_login(world.users["lead"])
    url = reverse("agency_settings", args=[world.agency_a.slug])
    response = client.post(url, {"instructions_en": "Bring ID", "target_days": "-3"})
    assert response.status_code == 200 and "Bring ID" in response.text
    world.agency_a.refresh_from_db()
    assert world.agency_a.target_days is None


def test_a_confirmation_link_works_only_before_it_expires(client, world, mailoutbox):
    agency = paper_agency()
    client.post(
        reverse("agency_join", args=[agency.slug]),
        {"name": "Sam Diaz", "title": "Undersheriff", "email": "sam@papercounty.gov"},
    )
    JoinRequest.objects.update(expires_at="2020-01-01T00:00Z")
    assert client.get(link_in(mailoutbox[-1], "/agencies/join/confirm/")).status_code == 404
    assert JoinRequest.objects.get().status == JoinRequest.Status.UNCONFIRMED


def test_an_unconfirmed_request_cannot_be_approved(world, mailoutbox):
    import pytest

    agency = paper_agency()
    join = joining.ask_to_join(
        agency=agency,
        name="Sam",
        title="Undersheriff",
        email="sam@papercounty.gov",
        site_url="http://testserver/",
        language="en",
    )
    with pytest.raises(joining.JoinError):
        joining.approve(actor=world.users["admin"], join=join, site_url="http://testserver/")
    with pytest.raises(PermissionError):
        joining.approve(actor=world.users["lead"], join=join, site_url="http://testserver/")
    agency.refresh_from_db()
    assert not agency.on_certify and not Invitation.objects.exists()
