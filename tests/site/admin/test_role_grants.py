"""The site admin: no code execution, no silent grants, no victim data, no secrets on show."""

from datetime import date

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_q.models import Schedule

from certify.records.fields import encrypted_fields
from certify.records.models import (
    AgencyMembership,
    AuditEntry,
    CertifyingOfficial,
    OrganisationMembership,
    User,
)
from certify.site.accounts import twofactor
from tests.conftest import PASSWORD, make_user


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users["admin"])
    return client


def schedule_form(func: str) -> dict:
    return {
        "name": "x",
        "func": func,
        "args": "'cat /etc/passwd'",
        "schedule_type": "O",
        "repeats": "-1",
        "minutes": "",
        "next_run_0": "2026-01-01",
        "next_run_1": "00:00:00",
    }


def test_the_schedule_admin_refuses_an_arbitrary_function(admin_client):
    before = Schedule.objects.count()
    response = admin_client.post(
        reverse("admin:django_q_schedule_add"), schedule_form("subprocess.getoutput")
    )
    assert response.status_code in (200, 403)
    assert Schedule.objects.count() == before
    assert not Schedule.objects.filter(func="subprocess.getoutput").exists()


def test_an_existing_schedule_cannot_be_pointed_at_another_function(admin_client):
    schedule = Schedule.objects.create(name="x", func="workflows.tasks.sweep")
    admin_client.post(
        reverse("admin:django_q_schedule_change", args=[schedule.pk]), schedule_form("os.system")
    )
    schedule.refresh_from_db()
    assert schedule.func == "workflows.tasks.sweep"


def membership_form(world, user, **extra):
    return {
        "user": str(user.pk),
        "agency": str(world.agency_a.pk),
        "role": "coordinator",
        "active": "on",
        **extra,
    }


def test_granting_an_agency_role_needs_a_reason_and_writes_an_audit_entry(admin_client, world):
    newcomer = make_user("new.coordinator@example.org")
    url = reverse("admin:certify_agencymembership_add")
    refused = admin_client.post(url, membership_form(world, newcomer))
    assert refused.status_code == 200  # the form again: the reason is required
    assert not AgencyMembership.objects.filter(user=newcomer).exists()

    done = admin_client.post(
        url, membership_form(world, newcomer, reason="New coordinator, ticket 4411")
    )
    assert done.status_code == 302
    membership = AgencyMembership.objects.get(user=newcomer)
    entry = AuditEntry.objects.filter(
        object_type="AgencyMembership", object_id=str(membership.pk)
    ).get()
    assert entry.actor_id == world.users["admin"].pk
    assert entry.action == AuditEntry.Action.CREATE
    assert "ticket 4411" in entry.reason


def test_changing_a_designation_is_audited_with_its_reason(admin_client, world):
    official = world.official_a
    response = admin_client.post(
        reverse("admin:certify_certifyingofficial_change", args=[official.pk]),
        {
            "user": str(official.user_id),
            "agency": str(official.agency_id),
            "title": "Captain",
            "division": "",
            "basis": "designated",
            "designation_date": "2024-01-01",
            "designation_letter_on_file": "",
            "active": "",
            "reason": "Retired",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(object_type="CertifyingOfficial", object_id=str(official.pk))
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.reason == "Retired" and "active" in entry.detail


def test_an_organisation_role_grant_is_audited(admin_client, world):
    newcomer = make_user("new.advocate@example.org")
    admin_client.post(
        reverse("admin:certify_organisationmembership_add"),
        {
            "user": str(newcomer.pk),
            "organisation": str(world.org_x.pk),
            "role": "advocate",
            "active": "on",
            "reason": "Joined Org X",
        },
    )
    membership = OrganisationMembership.objects.get(user=newcomer)
    assert AuditEntry.objects.filter(
        object_type="OrganisationMembership", object_id=str(membership.pk), reason="Joined Org X"
    ).exists()


def test_a_site_admin_cannot_grant_themselves_an_agency_role(admin_client, world):
    admin_user = world.users["admin"]
    admin_client.post(
        reverse("admin:certify_agencymembership_add"),
        membership_form(world, admin_user, reason="just looking"),
    )
    admin_client.post(
        reverse("admin:certify_certifyingofficial_add"),
        {
            "user": str(admin_user.pk),
            "agency": str(world.agency_a.pk),
            "title": "Chief",
            "basis": "head",
            "designation_date": "2024-01-01",
            "active": "on",
            "reason": "just looking",
        },
    )
    assert not AgencyMembership.objects.filter(user=admin_user).exists()
    assert not CertifyingOfficial.objects.filter(user=admin_user).exists()
    req = world.advocate_request
    assert admin_client.get(reverse("request_detail", args=[req.reference])).status_code == 404


def test_roles_cannot_be_granted_through_an_inline(world):
    request = _request(world)
    roles = (AgencyMembership, OrganisationMembership, CertifyingOfficial)
    for model_admin in admin.site._registry.values():
        for inline in model_admin.get_inline_instances(request):
            if inline.model in roles:
                assert not inline.has_add_permission(request, None), inline
                assert not inline.has_change_permission(request, None), inline
                assert not inline.has_delete_permission(request, None), inline


def _request(world):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    return request


def test_role_grants_cannot_be_deleted_without_a_trace(admin_client, world):
    membership = AgencyMembership.objects.get(user=world.users["coordinator"])
    admin_client.post(
        reverse("admin:certify_agencymembership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert AgencyMembership.objects.filter(pk=membership.pk).exists()


def test_making_a_role_holder_a_site_admin_is_refused(admin_client, world):
    coordinator = world.users["coordinator"]
    response = admin_client.post(
        reverse("admin:certify_user_change", args=[coordinator.pk]),
        {
            "email": coordinator.email,
            "first_name": "",
            "last_name": "",
            "preferred_language": "en",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "reason": "promote",
        },
    )
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser and not coordinator.is_staff


def test_changing_a_user_in_the_admin_is_audited(admin_client, world):
    victim = world.users["victim"]
    response = admin_client.post(
        reverse("admin:certify_user_change", args=[victim.pk]),
        {
            "email": "victim.new@example.org",
            "first_name": "",
            "last_name": "",
            "preferred_language": "es",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "reason": "She asked by phone, ticket 77",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(object_type="User", object_id=str(victim.pk), action="update")
    assert "email" in entry.detail and entry.reason == "She asked by phone, ticket 77"
    assert "victim.new@example.org" not in entry.detail


def test_no_admin_page_holds_victim_data():
    for model in admin.site._registry:
        assert not encrypted_fields(model), f"{model.__name__} holds encrypted victim data"
        assert model._meta.model_name not in {"certificationrequest", "familymember", "message"}


def test_the_admin_never_shows_a_totp_secret_or_a_backup_code(admin_client, world):
    lead = world.users["lead"]
    device = TOTPDevice.objects.create(user=lead, name="authenticator", confirmed=True)
    codes = twofactor.new_backup_codes(lead)
    secret_hex = device.key
    pages = [
        admin_client.get(reverse("admin:otp_totp_totpdevice_changelist")),
        admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])),
        admin_client.get(reverse("admin:otp_static_staticdevice_changelist")),
    ]
    static = StaticDevice.objects.get(user=lead)
    pages.append(
        admin_client.get(reverse("admin:otp_static_staticdevice_change", args=[static.pk]))
    )
    for response in pages:
        html = response.content.decode()
        assert secret_hex not in html
        assert twofactor.secret_base32(device).replace(" ", "") not in html.replace(" ", "")
        assert not any(code in html for code in codes)
    config = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/")
    assert config.status_code in (302, 403, 404)


def test_devices_cannot_be_added_or_edited_in_the_admin(admin_client, world):
    assert admin_client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    assert admin_client.get(reverse("admin:otp_static_staticdevice_add")).status_code == 403


def test_the_admin_sign_in_is_rate_limited(client, world):
    cache.clear()
    statuses = [
        client.post(
            reverse("admin:login"),
            {"username": f"nobody{n}@example.org", "password": "wrong", "otp_token": "123456"},
            REMOTE_ADDR="192.0.2.77",
        ).status_code
        for n in range(25)
    ]
    assert 429 in statuses
    assert statuses[0] == 200


def test_reset_second_factor_needs_a_reason_and_is_audited(admin_client, world, mailoutbox):
    official = world.users["official"]
    TOTPDevice.objects.create(user=official, name="authenticator", confirmed=True)
    url = reverse("admin:certify_user_reset_second_factor", args=[official.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"reason": ""}).status_code == 200
    assert TOTPDevice.objects.filter(user=official).exists()
    response = admin_client.post(url, {"reason": "Lost her phone, ticket 12"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=official).exists()
    entry = AuditEntry.objects.get(object_type="User", object_id=str(official.pk))
    assert entry.actor_id == world.users["admin"].pk and "ticket 12" in entry.reason
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [official.email]
    assert "/two-factor/enrol/" in mailoutbox[0].body


def test_a_site_admin_cannot_reset_their_own_second_factor(admin_client, world):
    me = world.users["admin"]
    url = reverse("admin:certify_user_reset_second_factor", args=[me.pk])
    admin_client.post(url, {"reason": "me"})
    assert TOTPDevice.objects.filter(user=me, confirmed=True).exists()


def test_designations_and_memberships_seeded_by_code_still_work(world):
    # The admin's checks are the admin's: workflows and the demo still create roles directly.
    user = User.objects.create_user(email="direct@example.org", password=PASSWORD)
    CertifyingOfficial.objects.create(
        user=user, agency=world.agency_b, title="Chief", designation_date=date(2024, 1, 1)
    )
    assert CertifyingOfficial.objects.filter(user=user).exists()
