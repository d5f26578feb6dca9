"""Sign-up: an unconfirmed account never captures a later sign-up of the same address."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from certify.records.models import AuditEntry, CertificationRequest, User

ATTACKER_PASSWORD = "attacker chose this phrase"
VICTIM_PASSWORD = "rosa chose her own phrase"
EMAIL = "rosa.target@example.org"


def sign_up(email=EMAIL, password=VICTIM_PASSWORD) -> None:
    response = Client().post(reverse("wizard_signup"), {"email": email, "password": password})
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()


def links(mailoutbox) -> list[str]:
    found = []
    for message in mailoutbox:
        match = re.search(r"http://testserver(/apply/account/\S+/)", message.body)
        if match:
            found.append(match.group(1))
    return found


def confirm(client, link, password):
    return client.post(link, {"password": password})


def test_a_later_sign_up_replaces_the_password_of_an_unconfirmed_account(db, mailoutbox):
    sign_up(password=ATTACKER_PASSWORD)  # the attacker, who cannot read the mailbox
    sign_up(password=VICTIM_PASSWORD)  # the person who owns the address
    victim_link = links(mailoutbox)[-1]
    client = Client()
    response = confirm(client, victim_link, VICTIM_PASSWORD)
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.is_active
    assert user.check_password(VICTIM_PASSWORD)
    assert not user.check_password(ATTACKER_PASSWORD)
    attacker = Client()
    signed_in = attacker.post(reverse("login"), {"username": EMAIL, "password": ATTACKER_PASSWORD})
    assert signed_in.status_code == 200  # the sign-in form again: the password is wrong


def test_an_older_confirmation_link_stops_working_after_a_new_sign_up(db, mailoutbox):
    sign_up(password=ATTACKER_PASSWORD)
    sign_up(password=VICTIM_PASSWORD)
    older = links(mailoutbox)[0]
    response = confirm(Client(), older, ATTACKER_PASSWORD)
    assert response.status_code == 200
    assert not User.objects.get(email=EMAIL).is_active


def test_confirming_needs_the_password_of_the_newest_sign_up(db, mailoutbox):
    # The owner signs up first; the attacker signs up again afterwards, so the newest link
    # the owner receives belongs to the attacker's password. Confirming with her own password
    # must not activate an account the attacker can open.
    sign_up(password=VICTIM_PASSWORD)
    sign_up(password=ATTACKER_PASSWORD)
    newest = links(mailoutbox)[-1]
    response = confirm(Client(), newest, VICTIM_PASSWORD)
    assert response.status_code == 200
    assert "password" in response.content.decode().lower()
    assert not User.objects.get(email=EMAIL).is_active


def test_the_attackers_draft_answers_never_reach_the_owner(db, mailoutbox):
    sign_up(password=ATTACKER_PASSWORD)
    sign_up(password=VICTIM_PASSWORD)
    client = Client()
    confirm(client, links(mailoutbox)[-1], VICTIM_PASSWORD)
    user = User.objects.get(email=EMAIL)
    assert CertificationRequest.objects.filter(created_by=user).count() == 0
    attacker = Client()
    response = attacker.post(reverse("login"), {"username": EMAIL, "password": ATTACKER_PASSWORD})
    assert response.status_code == 200  # refused
    assert attacker.get(reverse("request_list")).status_code != 200


def test_confirmation_links_expire(db, mailoutbox, settings):
    start = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        sign_up()
    link = links(mailoutbox)[-1]
    late = timedelta(seconds=settings.ACCOUNT_ACTIVATION_MAX_AGE_SECONDS + 60)
    with time_machine.travel(start + late, tick=False):
        response = confirm(Client(), link, VICTIM_PASSWORD)
    assert response.status_code == 200
    assert not User.objects.get(email=EMAIL).is_active


def test_a_link_works_once(db, mailoutbox):
    sign_up()
    link = links(mailoutbox)[-1]
    assert confirm(Client(), link, VICTIM_PASSWORD).status_code == 302
    again = Client().post(link, {"password": VICTIM_PASSWORD})
    assert again.status_code == 200
    assert "not valid" in again.content.decode() or "no longer" in again.content.decode()


def test_sign_up_and_activation_write_audit_entries(db, mailoutbox):
    sign_up()
    user = User.objects.get(email=EMAIL)
    assert AuditEntry.objects.filter(object_type="User", object_id=str(user.pk)).count() == 1
    confirm(Client(), links(mailoutbox)[-1], VICTIM_PASSWORD)
    entries = AuditEntry.objects.filter(object_type="User", object_id=str(user.pk))
    assert entries.count() == 2
    assert {e.detail for e in entries} == {"signed up", "account confirmed"}


def test_the_actions_are_named_workflow_functions(db):
    from workflows import accounts

    outcome = accounts.sign_up(email="Named@Example.org ", password=VICTIM_PASSWORD, language="es")
    assert outcome.user.email == "named@example.org"
    assert outcome.user.preferred_language == "es"
    token = accounts.activation_token(outcome.user)
    assert accounts.activate(user=outcome.user, token=token, password="wrong password") is None
    activated = accounts.activate(user=outcome.user, token=token, password=VICTIM_PASSWORD)
    assert activated is not None and activated.is_active


@pytest.mark.parametrize("password", ["", "x" * 5000])
def test_a_hostile_confirmation_post_is_answered_plainly(db, mailoutbox, password):
    sign_up()
    response = Client().post(links(mailoutbox)[-1], {"password": password})
    assert response.status_code == 200
