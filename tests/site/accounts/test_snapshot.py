"""The policy's lookups kept in the session: read once, read again as soon as a membership,
a designation or a device of the person changes (on any host: the version is in the database)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records.models import AgencyMembership, CertifyingOfficial
from tests.support.wizard import answers, post_step, step_url

POLICY_TABLES = ("agencymembership", "certifyingofficial", "otp_totp", "otp_static")


def _policy_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    sql = [q["sql"] for q in queries.captured_queries]
    return response, [s for s in sql if any(t in s for t in POLICY_TABLES)], sql


def test_a_signed_in_wizard_page_reads_no_membership_or_device_once_kept(client, world):
    client.force_login(world.users["victim"])
    client.get(step_url("start"))
    response, policy, sql = _policy_queries(client, step_url("start"))
    assert response.status_code == 200
    assert policy == []
    assert not any(s.startswith("UPDATE") and "django_session" in s for s in sql)


def test_a_new_membership_counts_on_the_next_request(client, world):
    victim = world.users["victim"]
    client.force_login(victim)
    assert client.get(step_url("start")).status_code == 200
    AgencyMembership.objects.create(user=victim, agency=world.agency_a, role="coordinator")
    response = client.get(step_url("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_a_new_device_counts_on_the_next_request(client, world):
    advocate = world.users["advocate"]
    client.force_login(advocate)
    assert client.get(step_url("start")).status_code == 200
    TOTPDevice.objects.create(user=advocate, name="authenticator", confirmed=True)
    response = client.get(step_url("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_an_ended_designation_counts_on_the_next_request(client, world):
    official = world.users["official"]
    client.force_login(official)
    queue = reverse("agency_queue")
    assert client.get(queue).status_code == 200
    designation = CertifyingOfficial.objects.get(user=official)
    designation.active = False
    designation.save()
    assert client.get(queue).status_code in (302, 403, 404)


def test_another_persons_kept_answers_are_not_used(client, world):
    client.force_login(world.users["lead"])
    client.get(reverse("request_list"))
    kept = client.session["certify_access"]
    client.force_login(world.users["victim"])
    session = client.session
    session["certify_access"] = {**kept, "version": world.users["victim"].access_version}
    session.save()
    _, policy, _ = _policy_queries(client, step_url("start"))
    assert policy  # read again for this person, not taken from the lead's


def test_a_wizard_step_reads_and_writes_no_encrypted_answer_of_its_draft(client, world):
    client.force_login(world.users["victim"])
    data = answers(world.agency_a.pk)
    post_step(client, "start", data["start"])
    with CaptureQueriesContext(connection) as queries:
        response = post_step(client, "victim", data["victim"])
    assert response.status_code == 302
    sql = [q["sql"] for q in queries.captured_queries]
    drafts = [s for s in sql if "certify_certificationrequest" in s]
    selects = [s for s in drafts if s.startswith("SELECT")]
    assert len(selects) == 1
    assert "family_name" not in selects[0] and "wizard_data" not in selects[0]
    update = next(s for s in drafts if s.startswith("UPDATE"))
    assert "wizard_data" in update and "name_index" not in update
