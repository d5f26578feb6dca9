"""The demo looks alive whatever day it is loaded: new, due-soon and overdue work in the
queues (none months late), decisions in the dashboard's period, an agency's public figures
shown, and narratives that match the crimes ticked."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certify.records import answers
from certify.records.models import OPEN_STATUSES, Agency, CertificationRequest, User
from certify.site.management.commands.seed_demo import DEMO_DOMAIN, SHOWCASE, U_ACCOUNTS
from workflows import review


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Agency.objects.get(slug=SHOWCASE)


def signed_in(email_local: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{email_local}@{DEMO_DOMAIN}"))
    return client


def test_queues_dashboards_and_public_figures_look_alive(demo):
    today = timezone.localdate()
    running = CertificationRequest.objects.filter(
        status__in=OPEN_STATUSES, due_date__isnull=False, agency__on_certify=True
    )
    due = list(running.values_list("due_date", "received_on"))
    assert any(d < today for d, _r in due), "an overdue request"
    assert any(today <= d <= today + timedelta(days=14) for d, _r in due), "one due soon"
    assert any(r >= today - timedelta(days=3) for _d, r in due), "a new request"
    assert all(d >= today - timedelta(days=30) for d, _r in due), "none months overdue"
    assert not CertificationRequest.objects.filter(
        status="draft", created_at__lt=timezone.now() - timedelta(days=30)
    ).exists(), "no draft near its expiry"

    board = signed_in("lead").get(reverse("agency_dashboard", args=[demo.slug]))
    assert board.status_code == 200
    assert "No decisions in the period" not in board.content.decode()

    stats = Client().get(reverse("stats")).content.decode()
    row = stats[stats.index(demo.name) :].split("</tr>")[0]
    assert "fewer than" not in row, row


def test_narratives_match_the_crimes_and_the_head_of_agency_is_named(demo):
    by_narrative = {account.narrative: set(account.activities) for account in U_ACCOUNTS}
    u_requests = CertificationRequest.objects.filter(form="U", narrative_in_english=True)
    for req in u_requests.prefetch_related("activities"):
        ticked = {activity.code for activity in req.activities.all()}
        assert ticked == by_narrative[req.narrative], req.reference
    certified = CertificationRequest.objects.filter(form="U", status="certified").first()
    assert certified is not None
    merged = review.merged_answers(certified, review.completion_for(certified))
    assert merged.get("agency.head.family_name") and merged.get("agency.head.given_name")
    assert answers.edition_for(certified) is not None
