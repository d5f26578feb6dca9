"""After sending: a neutral receipt by e-mail. On another device: the draft where it stopped."""

import pytest
from django.core import mail
from django.test import Client

from certify.records.models import CertificationRequest
from tests.conftest import PASSWORD
from tests.support.wizard import U_STEPS, answers, step_url, walk


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


def test_a_receipt_is_sent_in_the_accounts_language_with_nothing_of_the_victim(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://certify.example"
    victim = world.users["victim"]
    victim.preferred_language = "es"
    victim.save()
    client.force_login(victim)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        walk(client, U_STEPS, answers(world.agency_a.pk))

    sent = CertificationRequest.objects.filter(created_by=victim).latest("submitted_at")
    receipts = [m for m in mail.outbox if m.to == [victim.email]]
    assert len(receipts) == 1
    [receipt] = receipts
    assert receipt.subject == "Su mensaje de certify"
    assert "Recibimos su solicitud" in receipt.body
    assert f"https://certify.example/requests/{sent.reference}/" in receipt.body
    for detail in ("Peña", "Rosa", "1990", "San Francisco", "golpeó", "Agency A"):
        assert detail not in receipt.subject and detail not in receipt.body


def test_another_device_opens_the_draft_where_it_stopped(client, world):
    advocate = world.users["advocate"]
    client.force_login(advocate)
    walk(client, U_STEPS, answers(world.agency_a.pk, filed_by="advocate"), until="story")
    draft = CertificationRequest.objects.filter(created_by=advocate, status="draft").latest("pk")

    other_device = Client()
    other_device.force_login(advocate)
    listing = other_device.get("/requests/").content.decode()
    assert f"/apply/resume/{draft.reference}/" in listing
    response = other_device.get(f"/apply/resume/{draft.reference}/")
    assert response["Location"] == step_url("story")
    back = other_device.get(step_url("victim")).content.decode()
    assert 'value="Rosa"' in back


def test_signing_in_on_another_device_leads_to_the_draft(client, world):
    advocate = world.users["advocate"]
    client.force_login(advocate)
    walk(client, U_STEPS, answers(world.agency_a.pk, filed_by="advocate"), until="crime")
    draft = CertificationRequest.objects.filter(created_by=advocate, status="draft").latest("pk")

    other_device = Client()
    response = other_device.post(
        "/sign-in/", {"username": advocate.email, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[0][0] == f"/apply/resume/{draft.reference}/"
    assert response.redirect_chain[-1][0] == step_url("crime")
    back = other_device.get(step_url("victim")).content.decode()
    assert 'value="Rosa"' in back


def test_signing_in_after_sending_goes_home(client, world):
    victim = world.users["victim"]
    response = Client().post("/sign-in/", {"username": victim.email, "password": PASSWORD})
    assert response["Location"] == "/"
