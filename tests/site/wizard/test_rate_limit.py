"""The wizard's rate limit never costs a signed-in person what they typed."""

import re

import pytest

from certify.records.models import CertificationRequest
from certify.site.wizard import views as wizard_views
from tests.support.wizard import answers, post_step


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(wizard_views, "SIGNED_IN_BUDGET", (3, 3600))
    monkeypatch.setattr(wizard_views, "ANONYMOUS_BUDGET", (3, 3600))


def test_a_signed_in_advocate_over_the_limit_keeps_the_pages_answers(client, world, small_budget):
    client.force_login(world.users["advocate"])
    given = answers(world.agency_a.pk, filed_by="advocate")
    for step in ("start", "victim", "contact"):
        assert post_step(client, step, given[step]).status_code == 302
    draft = CertificationRequest.objects.filter(status="draft").latest("pk")
    saved = dict(draft.wizard_data["step_data"])

    response = post_step(client, "crime", given["crime"])

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    page = response.content.decode()
    assert "sent too often" in page
    assert 'value="SF-2025-000123"' in page
    assert 'value="San Francisco"' in page
    assert 'value="14"' in page and 'value="2025"' in page
    draft.refresh_from_db()
    assert draft.wizard_data["step_data"] == saved  # nothing saved is lost or changed
    assert "victim" in saved and "contact" in saved


def test_signed_in_people_are_counted_per_account_not_per_address(client, world, small_budget):
    given = answers(world.agency_a.pk, filed_by="advocate")
    client.force_login(world.users["other_advocate"])
    for _ in range(3):
        post_step(client, "start", given["start"])
    assert post_step(client, "start", given["start"]).status_code == 429

    client.force_login(world.users["advocate"])  # same address, another account
    assert post_step(client, "start", given["start"]).status_code == 302


def test_anonymous_visitors_are_counted_per_address(client, db, small_budget):
    given = answers(filed_by="victim")
    for _ in range(3):
        assert post_step(client, "start", given["start"]).status_code == 302
    response = post_step(client, "start", given["start"])
    assert response.status_code == 429
    assert re.search(r'<input[^>]*value="victim"[^>]*checked', response.content.decode())
