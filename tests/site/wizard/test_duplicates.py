"""A second request for the same client to the same agency is sent only once confirmed."""

from django.urls import reverse

from certify.records.models import CertificationRequest
from tests.support.wizard import U_STEPS, answers, post_step, walk


def _rosas(world):
    return CertificationRequest.objects.filter(
        created_by=world.users["victim"], given_name__isnull=False
    ).exclude(pk=world.victim_request.pk)


def test_a_duplicate_is_warned_about_then_sent_when_confirmed(client, world):
    client.force_login(world.users["victim"])
    data = answers(world.agency_a.pk)
    walk(client, U_STEPS, data)
    first = _rosas(world).get()
    client.post(reverse("wizard_new"))
    walk(client, U_STEPS, data, until="check")
    warned = post_step(client, "check", data["check"])
    assert warned.status_code == 200
    assert warned.context["duplicates"] == [first.reference]
    assert "already sent a request for this client" in warned.content.decode()
    assert _rosas(world).exclude(status="draft").count() == 1
    sent = post_step(client, "check", data["check"], duplicate_ok="yes")
    assert sent.status_code == 302
    assert _rosas(world).exclude(status="draft").count() == 2


def test_another_client_at_the_same_agency_is_no_duplicate(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk))
    client.post(reverse("wizard_new"))
    other = answers(world.agency_a.pk)
    other["victim"] = {**other["victim"], "given_name": "Lucía"}
    response = walk(client, U_STEPS, other)
    assert response.status_code == 302
