"""The request page and the secure message thread: asking for information and answering it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certify.records.models import AuditEntry, CertificationRequest, Message, SupportingDocument
from tests.support.workspace import assign_and_review

Status = CertificationRequest.Status


def _pdf() -> bytes:
    import io

    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Police report 2025-0042")
    canvas.save()
    return out.getvalue()


@pytest.fixture
def in_review(world, tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    return assign_and_review(world)


def test_the_request_page_shows_answers_clock_and_history_and_is_audited(client, world, in_review):
    client.force_login(world.users["official"])
    response = client.get(reverse("request_detail", args=[in_review.reference]))
    html = response.content.decode()
    assert "José Peña Núñez" in html
    assert "He was attacked on his way home." in html
    assert response.context["clock"].due_date == in_review.due_date
    assert "days left" in html
    assert "assigned to an official" in html and "review started" in html
    assert AuditEntry.objects.filter(
        action="view", request_reference=in_review.reference, actor_id=world.users["official"].pk
    ).exists()


def test_asking_for_information_keeps_the_clock_running(client, world, in_review):
    due = in_review.due_date
    client.force_login(world.users["official"])
    page = client.get(reverse("request_detail", args=[in_review.reference]))
    assert reverse("workspace_ask", args=[in_review.reference]) in page.content.decode()
    response = client.post(
        reverse("workspace_ask", args=[in_review.reference]),
        {"version": in_review.version, "body": "Please send the police report number."},
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == Status.INFO_REQUESTED
    assert in_review.due_date == due
    message = Message.objects.get(request=in_review)
    assert message.asks_for_information and message.author == world.users["official"]
    assert in_review.events.last().note == "Please send the police report number."


def test_asking_with_nothing_written_says_what_to_write_and_changes_nothing(
    client, world, in_review
):
    client.force_login(world.users["official"])
    response = client.post(
        reverse("workspace_ask", args=[in_review.reference]),
        {"version": in_review.version, "body": "  "},
    )
    assert response.status_code == 200
    assert "Write what the agency needs from the requester" in response.content.decode()
    assert response.context["errors"][0][0] == "id_body"
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW and not Message.objects.exists()


def test_asking_on_a_page_loaded_before_a_change_keeps_the_text(client, world, in_review):
    client.force_login(world.users["official"])
    response = client.post(
        reverse("workspace_ask", args=[in_review.reference]),
        {"version": in_review.version - 1, "body": "Send the report."},
    )
    assert response.status_code == 200
    assert "Someone else changed this request" in response.content.decode()
    assert response.context["form"]["body"].value() == "Send the report."
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_the_advocates_answer_with_an_attachment_returns_it_to_review(client, world, in_review):
    client.force_login(world.users["official"])
    client.post(
        reverse("workspace_ask", args=[in_review.reference]),
        {"version": in_review.version, "body": "Send the report."},
    )
    client.force_login(world.users["advocate"])
    page = client.get(reverse("request_detail", args=[in_review.reference]))
    assert "The agency has asked for information" in page.content.decode()
    assert reverse("workspace_ask", args=[in_review.reference]) not in page.content.decode()
    response = client.post(
        reverse("request_message", args=[in_review.reference]),
        {"body": "Report attached.", "attachment": SimpleUploadedFile("r.pdf", _pdf())},
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    answer = Message.objects.get(request=in_review, author=world.users["advocate"])
    attachment = SupportingDocument.objects.get(message=answer)
    client.force_login(world.users["official"])
    html = client.get(reverse("request_detail", args=[in_review.reference])).content.decode()
    assert "Report attached." in html
    assert reverse("document_download", args=[in_review.reference, attachment.pk]) in html


def test_the_requester_side_cannot_ask_for_information(client, world, in_review):
    client.force_login(world.users["advocate"])
    response = client.post(
        reverse("workspace_ask", args=[in_review.reference]),
        {"version": in_review.version, "body": "Hello."},
    )
    assert response.status_code == 404
    # A plain message cannot carry the request either, whatever it posts.
    client.post(
        reverse("request_message", args=[in_review.reference]),
        {"body": "Hello.", "asks_for_information": "on"},
    )
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    assert not Message.objects.filter(asks_for_information=True).exists()


def test_an_empty_message_says_what_to_do(client, world, in_review):
    client.force_login(world.users["advocate"])
    response = client.post(reverse("request_message", args=[in_review.reference]), {"body": " "})
    assert response.status_code == 200
    assert "Write your message" in response.content.decode()
    assert response.context["errors"][0][0] == "id_body"


def test_another_agency_cannot_read_or_write_the_thread(client, world, in_review):
    client.force_login(world.users["other_official"])
    url = reverse("request_message", args=[in_review.reference])
    assert client.post(url, {"body": "Hi"}).status_code == 404
    assert not Message.objects.exists()
