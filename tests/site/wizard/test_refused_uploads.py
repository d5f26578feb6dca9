"""A refused file never costs the valid ones sent beside it."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.records import documents
from certify.records.models import CertificationRequest, SupportingDocument
from tests.support.wizard import PDF, U_STEPS, answers, step_url, walk

EXECUTABLE = b"MZ\x90\x00" + b"\0" * 200


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    return tmp_path


def upload_two(client):
    return client.post(
        step_url("documents"),
        {
            "certify_request-current_step": "documents",
            "documents-police_report": SimpleUploadedFile("report.pdf", PDF, "application/pdf"),
            "documents-other_document": SimpleUploadedFile(
                "photo.pdf", EXECUTABLE, "application/pdf"
            ),
            "documents-in_english": "yes",
        },
    )


def test_signed_in_the_valid_file_is_kept_and_the_refused_one_named(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="documents")

    response = upload_two(client)

    assert response.status_code == 200
    page = response.content.decode()
    assert "We could not take “photo.pdf”: The file must be a PDF, JPEG or PNG" in page
    assert "We kept “report.pdf”" in page
    draft = CertificationRequest.objects.filter(
        status="draft", created_by=world.users["victim"]
    ).latest("pk")
    [kept] = SupportingDocument.objects.filter(request=draft)
    assert kept.original_name == "report.pdf" and documents.read_content(kept) == PDF
    # The kept file is listed on the page as uploaded, and sending the page on keeps it.
    assert "Police report: report.pdf" in page


def test_anonymous_the_valid_file_waits_in_temp_storage(client, world, private_dir):
    walk(client, U_STEPS, answers(world.agency_a.pk), until="documents")

    response = upload_two(client)

    assert response.status_code == 200
    page = response.content.decode()
    assert "We could not take “photo.pdf”" in page
    assert "Police report: report.pdf" in page
    assert len(list((Path(private_dir) / "wizard_tmp").iterdir())) == 1

    # Going on without the refused file: the kept one is still there at the check step.
    response = client.post(
        step_url("documents"),
        {"certify_request-current_step": "documents", "documents-in_english": "yes"},
    )
    assert response.status_code == 302
    check = client.get(step_url("check")).content.decode()
    assert "report.pdf" in check
