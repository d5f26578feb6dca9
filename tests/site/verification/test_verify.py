import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from certify.records import documents, seal
from certify.records.models import CertificationRequest, SealedPdf
from tests.support.workspace import assign_and_review, complete_everything
from workflows import decisions, supplement
from workflows.lifecycle import transition


@pytest.fixture
def signed(world, tmp_path, settings):
    """Signed in ink on 2 November 2026: the scan is recorded, sealed and carries its code."""
    settings.PRIVATE_STORAGE_DIR = tmp_path
    with time_machine.travel("2026-11-20 12:00:00Z"):
        req = assign_and_review(world)
        complete_everything(world, req)
        CertificationRequest.objects.filter(pk=req.pk).update(received_on=date(2026, 10, 1))
        req.refresh_from_db()
        scan = supplement.prepare_official_copy(req, actor=world.users["official"]).data
        req = decisions.sign_in_ink(
            req,
            actor=world.users["official"],
            scan=scan,
            original_name="signed.pdf",
            signature_date=date(2026, 11, 2),
            expected_version=req.version,
        )
    document = req.documents.get(kind="signed_supplement")
    return req, documents.read_content(document), SealedPdf.objects.get(request=req)


def post_code(client, code):
    return client.post(reverse("verify"), {"code": code}).content.decode()


def test_the_signed_scan_is_the_one_sealed_file_and_carries_its_code(signed):
    req, pdf, sealed = signed
    assert sealed.kind == "signed_scan"
    assert sealed.edition == "i-918b-01-20-25"
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert f"Verification code: {sealed.code}" in text
    assert seal.code_printed_in(pdf) == sealed.code
    assert list(req.sealed_pdfs.values_list("kind", flat=True)) == ["signed_scan"]


def test_a_copy_printed_for_signature_is_never_vouched_for(client, world, settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    req = assign_and_review(world)
    complete_everything(world, req)
    printed = supplement.prepare_official_copy(req, actor=world.users["official"]).data
    assert not SealedPdf.objects.exists()
    assert not seal.verify_file(printed).found
    # A copy recorded by an earlier version is reported as unsigned, without the agency.
    legacy = SealedPdf.objects.create(
        code="AAAA-BBBB-CC", request=req, kind="official_copy", sha256="0" * 64
    )
    assert seal.verify_code(legacy.code).status == "unsigned"
    html = post_code(client, legacy.code)
    assert "Not a signed certification" in html
    assert "Genuine" not in html and "Agency A Police" not in html


@time_machine.travel("2026-11-25 12:00:00Z")
def test_a_genuine_code_answers_agency_date_and_valid(client, signed):
    req, _pdf, sealed = signed
    html = post_code(client, sealed.code.lower())
    assert "Genuine and valid" in html
    assert "Agency A Police" in html
    assert "Peña" not in html and "José" not in html


@time_machine.travel("2026-11-25 12:00:00Z")
@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.replace("-", "").lower(),
        lambda code: code.replace("-", ""),
        lambda code: " " + code.replace("-", " ").lower() + " ",
        lambda code: code.lower(),
    ],
    ids=["no dashes, lower case", "no dashes", "spaces", "lower case"],
)
def test_a_genuine_code_is_found_however_it_is_typed(client, signed, typed):
    _req, _pdf, sealed = signed
    html = post_code(client, typed(sealed.code))
    assert "Genuine and valid" in html
    assert sealed.code in html


@time_machine.travel("2026-11-25 12:00:00Z")
def test_the_exact_file_is_recognised(client, signed):
    _req, pdf, _sealed = signed
    upload = SimpleUploadedFile("x.pdf", pdf, content_type="application/pdf")
    html = client.post(reverse("verify"), {"document": upload}).content.decode()
    assert "Genuine and valid" in html


def test_an_altered_file_is_reported_as_changed(client, signed):
    _req, pdf, sealed = signed
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": "edited"})
    altered = io.BytesIO()
    writer.write(altered)
    verdict = seal.verify_file(altered.getvalue())
    assert verdict.found and verdict.exact_file is False
    upload = SimpleUploadedFile("x.pdf", altered.getvalue(), content_type="application/pdf")
    html = client.post(reverse("verify"), {"document": upload}).content.decode()
    assert "This file has been changed" in html
    assert sealed.code in html


def test_a_withdrawn_certification_says_so(client, signed, world):
    req, _pdf, sealed = signed
    transition(req, move="withdraw_certification", actor=world.users["lead"], note="Mistaken.")
    assert seal.verify_code(sealed.code).status == "withdrawn"
    assert "withdrawn by the agency" in post_code(client, sealed.code)


def test_the_six_month_window_is_checked_on_the_day_after(signed):
    _req, _pdf, sealed = signed
    # Signed 2026-11-02: the last safe filing day is 2027-05-01 (the day before the anniversary).
    assert seal.verify_code(sealed.code, today=date(2027, 5, 1)).status == "valid"
    verdict = seal.verify_code(sealed.code, today=date(2027, 5, 2))
    assert verdict.status == "expired"
    assert verdict.last_safe_filing_date == date(2027, 5, 1)


def test_an_unknown_code_or_file_is_not_genuine(client, db):
    assert "Not issued through certify" in post_code(client, "AAAA-BBBB-CC")
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4 nothing", content_type="application/pdf")
    html = client.post(reverse("verify"), {"document": upload}).content.decode()
    assert "Not issued through certify" in html


def test_an_empty_form_asks_for_a_code(client, db):
    response = client.post(reverse("verify"), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Enter the verification code, or choose the PDF to check." in html


def test_verify_is_rate_limited_per_address(client, db):
    statuses = [
        client.post(reverse("verify"), {"code": "AAAA-BBBB-CC"}).status_code for _ in range(21)
    ]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    assert client.get(reverse("verify")).status_code == 200


# --- the work an anonymous file can cost ----------------------------------------------------


def many_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_file_over_the_limit_is_refused_before_it_is_parsed(client, db, settings, monkeypatch):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    parsed = []
    monkeypatch.setattr(seal, "verify_file", lambda *a, **k: parsed.append(1))
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.add_metadata({"/Padding": "x" * (2 * 1024 * 1024)})
    out = io.BytesIO()
    writer.write(out)
    upload = SimpleUploadedFile("x.pdf", out.getvalue(), content_type="application/pdf")
    response = client.post(reverse("verify"), {"document": upload})
    assert response.status_code == 200
    assert "larger than 1 MB" in response.content.decode()
    assert parsed == []


def test_reading_the_printed_code_is_bounded_in_pages_and_time(db, monkeypatch):
    from pypdf import PageObject

    calls = []
    original = PageObject.extract_text

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counting)
    pdf = many_pages(40)
    assert seal.code_printed_in(pdf) == ""
    assert len(calls) <= seal.CODE_SEARCH_PAGES
    calls.clear()
    monkeypatch.setattr(seal, "CODE_SEARCH_SECONDS", 0.0)
    assert seal.code_printed_in(pdf) == ""
    assert calls == []
