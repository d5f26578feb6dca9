"""Shared personas: a victim, an advocate, a coordinator, an official and a lead of agency A,
staff of agency B, an advocate of another organisation, another victim, and a site admin."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings

from certify.records.models import (
    Agency,
    AgencyMembership,
    CertificationRequest,
    CertifyingOfficial,
    Organisation,
    OrganisationMembership,
    ServiceArea,
    User,
)
from workflows.lifecycle import transition

PASSWORD = settings.DEMO_PASSWORD


@dataclass
class World:
    agency_a: Agency
    agency_b: Agency
    org_x: Organisation
    org_y: Organisation
    users: dict[str, User]
    official_a: CertifyingOfficial
    official_b: CertifyingOfficial
    # Filed by the advocate of organisation X for agency A, received by the agency.
    advocate_request: CertificationRequest
    # Filed by the victim alone for agency A, received by the agency.
    victim_request: CertificationRequest
    # A draft of the advocate's: the agency must not see it yet.
    draft: CertificationRequest


def make_user(email: str, **extra) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


def make_request(*, created_by, filed_by, agency, organisation=None, **fields):
    defaults = {
        "form": "U",
        "family_name": "Peña Núñez",
        "given_name": "José",
        "date_of_birth": date(1990, 4, 2),
        "crime_city": "San Francisco",
        "crime_county": "San Francisco",
        "crime_state": "CA",
        "narrative": "He was attacked on his way home.",
        "consent_to_share": True,
    }
    defaults.update(fields)
    return CertificationRequest.objects.create(
        created_by=created_by,
        filed_by=filed_by,
        agency=agency,
        organisation=organisation,
        **defaults,
    )


def submit_and_receive(req: CertificationRequest) -> CertificationRequest:
    transition(req, move="submit", actor=req.created_by)
    return transition(req, move="receive", actor=None)


@pytest.fixture
def world(db) -> World:
    agency_a = Agency.objects.create(
        name="Agency A Police",
        slug="agency-a",
        kind="police",
        level="local",
        category="law_enforcement",
        state="CA",
        city="San Francisco",
    )
    ServiceArea.objects.create(agency=agency_a, county="San Francisco", city="San Francisco")
    agency_b = Agency.objects.create(
        name="Agency B Police",
        slug="agency-b",
        kind="police",
        level="local",
        category="law_enforcement",
        state="WA",
        city="Seattle",
        time_zone="America/Los_Angeles",
    )
    org_x = Organisation.objects.create(name="Org X", slug="org-x")
    org_y = Organisation.objects.create(name="Org Y", slug="org-y")
    users = {
        "victim": make_user("victim@example.org"),
        "other_victim": make_user("other.victim@example.org"),
        "advocate": make_user("advocate@example.org"),
        "other_advocate": make_user("other.advocate@example.org"),
        "coordinator": make_user("coordinator@example.org"),
        "official": make_user("official@example.org", first_name="Morgan", last_name="Lee"),
        "lead": make_user("lead@example.org"),
        "other_official": make_user("other.official@example.org"),
        "admin": User.objects.create_superuser(email="admin@example.org", password=PASSWORD),
    }
    OrganisationMembership.objects.create(user=users["advocate"], organisation=org_x)
    OrganisationMembership.objects.create(user=users["other_advocate"], organisation=org_y)
    AgencyMembership.objects.create(user=users["coordinator"], agency=agency_a, role="coordinator")
    AgencyMembership.objects.create(user=users["lead"], agency=agency_a, role="lead")
    official_a = CertifyingOfficial.objects.create(
        user=users["official"],
        agency=agency_a,
        title="Lieutenant",
        designation_date=date(2024, 1, 1),
    )
    official_b = CertifyingOfficial.objects.create(
        user=users["other_official"],
        agency=agency_b,
        title="Captain",
        designation_date=date(2024, 1, 1),
    )
    advocate_request = submit_and_receive(
        make_request(
            created_by=users["advocate"], filed_by="advocate", agency=agency_a, organisation=org_x
        )
    )
    victim_request = submit_and_receive(
        make_request(created_by=users["victim"], filed_by="victim", agency=agency_a)
    )
    draft = make_request(
        created_by=users["advocate"], filed_by="advocate", agency=agency_a, organisation=org_x
    )
    return World(
        agency_a=agency_a,
        agency_b=agency_b,
        org_x=org_x,
        org_y=org_y,
        users=users,
        official_a=official_a,
        official_b=official_b,
        advocate_request=advocate_request,
        victim_request=victim_request,
        draft=draft,
    )


@pytest.fixture
def sign_in(client):
    def _sign_in(user: User):
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """force_login skips the password; it skips the second factor too, so tests of pages keep
    testing the pages. Staff get a confirmed TOTP device and a session verified with it, as
    after the real two-step sign-in. `client.force_login(user, otp_verified=False)` leaves the
    session half signed-in, for tests of the second-factor step itself."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from certify.site.accounts.twofactor import TOTP_NAME, second_factor_required

    original = Client.force_login

    def force_login(self, user, backend=None, otp_verified=True):
        original(self, user, backend)
        if not otp_verified or not second_factor_required(user):
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    # A page requested in Arabic leaves Arabic active in the thread; the next test starts afresh.
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits count in the cache; one test's requests must not throttle the next test.
    from django.core.cache import cache

    cache.clear()
