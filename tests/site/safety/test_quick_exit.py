"""Quick exit: the endpoint forgets the visit and sends the browser out; no page is kept."""

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from certify.records.models import CertificationRequest
from certify.records.temp_uploads import TempUploadStorage
from certify.site import safety
from certify.site.wizard import views as wizard_views


def answer_start(client: Client) -> None:
    client.get(reverse("wizard_step", kwargs={"step": "start"}))
    response = client.post(
        reverse("wizard_step", kwargs={"step": "start"}),
        {
            "certify_request-current_step": "start",
            "start-filed_by": "victim",
            "start-form": "U",
        },
    )
    assert response.status_code == 302


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_the_button_is_on_every_page_a_victim_reaches(client, world):
    pages = ["home", "login", "verify", "agency_list", "stats"]
    for name in pages:
        html = client.get(reverse(name)).content.decode()
        assert 'action="/quick-exit/"' in html, name
        assert html.count('class="quick-exit"') == 1, name
    client.force_login(world.users["victim"])
    for name in ["home", "request_list", "notice_list"]:
        html = client.get(reverse(name)).content.decode()
        assert 'action="/quick-exit/"' in html, name
    html = client.get(reverse("wizard_step", kwargs={"step": "start"})).content.decode()
    assert html.count('class="quick-exit"') == 1


def test_quick_exit_forgets_the_wizard_answers_and_leaves(client, db, settings):
    settings.QUICK_EXIT_URL = "https://news.example/"
    answer_start(client)
    assert client.session.get("wizard_certify_request")
    session_key = client.session.session_key

    response = client.post(reverse("quick_exit"), headers={"Sec-Fetch-Site": "same-origin"})

    assert response.status_code == 303
    assert response["Location"] == "https://news.example/"
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not Session.objects.filter(session_key=session_key).exists()
    step = client.get(reverse("wizard_step", kwargs={"step": "victim"}))
    # Nothing answered remains: the wizard starts again at its first step.
    assert step.status_code == 302 and step["Location"].endswith("/apply/start/")


def test_quick_exit_signs_out_but_a_saved_draft_stays(client, world):
    advocate = world.users["advocate"]
    client.force_login(advocate)
    drafts_before = CertificationRequest.objects.filter(status="draft").count()

    client.post(reverse("quick_exit"), headers={"Sec-Fetch-Site": "same-origin"})

    response = client.get(reverse("request_list"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert CertificationRequest.objects.filter(status="draft").count() == drafts_before
    assert world.draft.pk in CertificationRequest.objects.values_list("pk", flat=True)


def test_the_form_with_its_token_passes_the_csrf_check(csrf_client, db):
    csrf_client.get(reverse("home"))
    token = csrf_client.cookies["csrftoken"].value
    session = csrf_client.session
    session["wizard_certify_request"] = {"step": "victim", "step_data": {}, "step_files": {}}
    session.save()
    key = session.session_key

    response = csrf_client.post(reverse("quick_exit"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 303
    assert not Session.objects.filter(session_key=key).exists()


def test_another_site_cannot_sign_anyone_out_but_the_visitor_still_leaves(csrf_client, world):
    csrf_client.force_login(world.users["victim"])

    response = csrf_client.post(reverse("quick_exit"), headers={"Sec-Fetch-Site": "cross-site"})

    assert response.status_code == 303
    # Nor clear the browser's cookies: they would go for the whole domain.
    assert "Clear-Site-Data" not in response
    assert csrf_client.get(reverse("request_list")).status_code == 200


def test_quick_exit_deletes_the_wizards_temporary_files(client, db, settings, tmp_path):

    stored = TempUploadStorage().save("report.pdf", ContentFile(b"%PDF-1.4"))
    session = client.session
    session["wizard_certify_request"] = {
        "step": "documents",
        "step_data": {},
        "step_files": {"documents": {"documents-police_report": {"tmp_name": stored}}},
        "extra_data": {},
    }
    session.save()
    assert TempUploadStorage().exists(stored)

    client.post(reverse("quick_exit"), headers={"Sec-Fetch-Site": "same-origin"})

    assert not TempUploadStorage().exists(stored)
    assert safety.WIZARD_PREFIX == wizard_views.PREFIX


def test_a_get_is_refused(client, db):
    assert client.get(reverse("quick_exit")).status_code == 405


@pytest.mark.parametrize("name", ["home", "login", "verify", "agency_list", "stats"])
def test_no_page_is_kept_by_the_browser(client, db, name):
    response = client.get(reverse(name))
    assert "no-store" in response["Cache-Control"]


def test_wizard_steps_are_not_kept_by_the_browser(client, db):
    answer_start(client)
    response = client.get(reverse("wizard_step", kwargs={"step": "victim"}))
    assert "no-store" in response["Cache-Control"]
