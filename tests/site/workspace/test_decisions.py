"""Signing (ink and electronic), denying with a letter, reconsideration, withdrawing, and two
people deciding the same request at once."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from certify.records import answers, documents, seal
from certify.records.models import CertificationRequest, SealedPdf, SupportingDocument
from certify.records.validity import last_safe_filing_date
from forms.fill import fill, read_back
from tests.support.workspace import assign_and_review, complete_everything
from workflows import decisions, review

Status = CertificationRequest.Status


@pytest.fixture
def ready(world, tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    req = assign_and_review(world)
    complete_everything(world, req)
    req.refresh_from_db()
    return req


def _signed_scan(req) -> bytes:
    """What a scanner gives back: here the filled supplement itself."""
    edition = answers.edition_for(req)
    merged = review.merged_answers(req)
    return fill(edition, merged, copy="official", flatten=True).data


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_uploading_the_ink_signed_scan_certifies_and_starts_the_six_months(client, world, ready):
    client.force_login(world.users["official"])
    signed_on = ready.received_on
    scan = _signed_scan(ready)
    response = client.post(
        reverse("workspace_sign", args=[ready.reference]),
        {
            "version": ready.version,
            "signature_date_day": signed_on.day,
            "signature_date_month": signed_on.month,
            "signature_date_year": signed_on.year,
            "scan": SimpleUploadedFile("scan.pdf", scan, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ready.refresh_from_db()
    assert ready.status == Status.CERTIFIED
    assert ready.signature_date == signed_on
    assert ready.signature_method == "ink"
    document = SupportingDocument.objects.get(request=ready, kind="signed_supplement")
    stored = documents.read_content(document)
    verdict = seal.verify_file(stored)
    assert verdict.kind == SealedPdf.Kind.SIGNED_SCAN and verdict.exact_file
    assert verdict.status == "valid"
    assert verdict.last_safe_filing_date == last_safe_filing_date(signed_on)
    # The advocate downloads the certified form through the audited view.
    client.force_login(world.users["advocate"])
    download = client.get(reverse("document_download", args=[ready.reference, document.pk]))
    assert download.status_code == 200 and download.content == stored


def test_a_future_signature_date_is_refused(client, world, ready):
    client.force_login(world.users["official"])
    tomorrow = date.today() + timedelta(days=2)
    response = client.post(
        reverse("workspace_sign", args=[ready.reference]),
        {
            "version": ready.version,
            "signature_date_day": tomorrow.day,
            "signature_date_month": tomorrow.month,
            "signature_date_year": tomorrow.year,
            "scan": SimpleUploadedFile("scan.pdf", _signed_scan(ready)),
        },
    )
    assert response.status_code == 200
    assert "today or in the past" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.IN_REVIEW


def test_signing_needs_a_recent_sign_in(client, world, ready):
    from certify.site.accounts.reauth import SESSION_KEY

    client.force_login(world.users["official"])
    session = client.session
    session[SESSION_KEY] = 0
    session.save()
    response = client.get(reverse("workspace_sign", args=[ready.reference]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reauthenticate"))


def test_electronic_signature_marks_the_pdf_and_leaves_the_box_empty(client, world, ready):
    from tests.conftest import PASSWORD

    world.agency_a.electronic_signature_allowed = True
    world.agency_a.save()
    client.force_login(world.users["official"])
    url = reverse("workspace_sign_electronic", args=[ready.reference])
    wrong = client.post(
        url,
        {
            "version": ready.version,
            "typed_name": "Someone Else",
            "password": "nope",
            "confirm": "on",
        },
    )
    assert wrong.status_code == 200
    assert set(wrong.context["form"].errors) == {"password", "typed_name"}
    response = client.post(
        url,
        {
            "version": ready.version,
            "typed_name": "morgan  lee",
            "password": PASSWORD,
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.CERTIFIED
    assert ready.signature_method == "electronic"
    assert ready.electronic_signature_name == "morgan lee"
    assert ready.signed_at is not None
    document = SupportingDocument.objects.get(request=ready, kind="signed_supplement")
    pdf = documents.read_content(document)
    edition = answers.edition_for(ready)
    fields = read_back(pdf)
    assert fields[edition.by_key["part6.signature"][0].pdf_name] == ""
    assert fields[edition.by_key["part6.signature_date"][0].pdf_name] == (
        ready.signature_date.strftime("%m/%d/%Y")
    )
    assert "Signed electronically by morgan lee on" in " ".join(_text(pdf).split())
    assert seal.verify_file(pdf).kind == SealedPdf.Kind.ELECTRONIC


def test_electronic_signing_is_not_offered_without_counsels_leave(client, world, ready):
    client.force_login(world.users["official"])
    url = reverse("workspace_sign_electronic", args=[ready.reference])
    assert client.get(url).status_code == 404


def test_a_denial_issues_a_bilingual_sealed_letter_and_tells_the_requester(
    client, world, ready, django_capture_on_commit_callbacks
):
    from workflows.models import Notice

    ready.preferred_language = "es"
    ready.save(update_fields=["preferred_language"])
    client.force_login(world.users["official"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workspace_deny", args=[ready.reference]),
            {
                "version": ready.version,
                "reason": "insufficient_records",
                "explanation": "Our records show no report of this incident.",
            },
        )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.DENIED and ready.denial_reason == "insufficient_records"
    letter = SupportingDocument.objects.get(request=ready, kind="other")
    pdf = documents.read_content(letter)
    text = " ".join(_text(pdf).split())
    assert "has decided not to sign the certification" in text
    assert "Our records show no report of this incident." in text
    assert "decidió no firmar la certificación" in text
    assert seal.verify_file(pdf).status == "denied"
    assert Notice.objects.filter(request=ready, recipient=world.users["advocate"]).exists()
    # The requester's side reads it through the audited download.
    client.force_login(world.users["advocate"])
    page = client.get(reverse("request_detail", args=[ready.reference])).content.decode()
    assert reverse("document_download", args=[ready.reference, letter.pk]) in page


def test_an_english_only_letter_when_the_requester_reads_english(world, ready):
    decisions.deny_request(
        ready,
        actor=world.users["official"],
        reason="not_helpful",
        explanation="No contact.",
        expected_version=ready.version,
    )
    pdf = documents.read_content(SupportingDocument.objects.get(request=ready, kind="other"))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "decidido" not in _text(pdf)


def test_a_letter_keeps_a_vietnamese_name_intact(world, ready):
    CertificationRequest.objects.filter(pk=ready.pk).update(
        given_name="Thị Ánh", family_name="Nguyễn"
    )
    ready.refresh_from_db()
    decisions.deny_request(
        ready,
        actor=world.users["official"],
        reason="not_helpful",
        explanation="No contact.",
        expected_version=ready.version,
    )
    pdf = documents.read_content(SupportingDocument.objects.get(request=ready, kind="other"))
    assert "To Thị Ánh Nguyễn," in _text(pdf)


def test_reconsideration_in_illinois_sets_the_appeal_clock(client, world, ready):
    world.agency_a.state = "IL"
    world.agency_a.save()
    decisions.deny_request(
        ready,
        actor=world.users["official"],
        reason="not_helpful",
        explanation="No contact.",
        expected_version=ready.version,
    )
    pdf = documents.read_content(SupportingDocument.objects.get(request=ready, kind="other"))
    assert "30 business days" in " ".join(_text(pdf).split())
    client.force_login(world.users["advocate"])
    response = client.post(
        reverse("request_reconsideration", args=[ready.reference]),
        {"note": "The victim called the detective twice; here are the call logs."},
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.RECONSIDERATION
    assert ready.appeal_due_date is not None
    assert ready.appeal_due_date > ready.received_on + timedelta(days=30)  # business days


def test_withdrawing_a_certification_issues_a_letter(client, world, ready):
    decisions.sign_in_ink(
        ready,
        actor=world.users["official"],
        scan=_signed_scan(ready),
        original_name="s.pdf",
        signature_date=ready.received_on,
        expected_version=ready.version,
    )
    ready.refresh_from_db()
    client.force_login(world.users["lead"])
    response = client.post(
        reverse("workspace_withdraw", args=[ready.reference]),
        {"version": ready.version, "reason": "The victim's statement was contradicted."},
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.CERT_WITHDRAWN
    sealed = SealedPdf.objects.get(request=ready, kind="withdrawal_letter")
    letter = SupportingDocument.objects.get(request=ready, kind="other")
    assert seal.verify_file(documents.read_content(letter)).code == sealed.code


# --- two people deciding at once -------------------------------------------------------------


def test_a_denial_on_a_page_loaded_before_a_signature_loses_and_keeps_its_text(
    client, world, ready
):
    client.force_login(world.users["official"])
    deny_page = client.get(reverse("workspace_deny", args=[ready.reference]))
    initial = deny_page.context["form"].initial
    # In another tab, the request is signed first.
    decisions.sign_in_ink(
        ready,
        actor=world.users["official"],
        scan=_signed_scan(ready),
        original_name="s.pdf",
        signature_date=ready.received_on,
        expected_version=ready.version,
    )
    response = client.post(
        reverse("workspace_deny", args=[ready.reference]),
        {
            "version": initial["version"],
            "seen_event": initial["seen_event"],
            "reason": "not_helpful",
            "explanation": "Typed with care.",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this request" in html
    assert [e.kind for e in response.context["changes"]] == ["certify"]
    assert response.context["form"]["explanation"].value() == "Typed with care."
    ready.refresh_from_db()
    assert ready.status == Status.CERTIFIED
    assert not SealedPdf.objects.filter(request=ready, kind="denial_letter").exists()


def test_of_two_simultaneous_decisions_exactly_one_is_recorded(world, ready):
    from workflows.lifecycle import StaleRequestError

    version = ready.version
    decisions.deny_request(
        ready,
        actor=world.users["official"],
        reason="other",
        explanation="First.",
        expected_version=version,
    )
    with pytest.raises(StaleRequestError):
        decisions.sign_in_ink(
            ready,
            actor=world.users["official"],
            scan=_signed_scan(ready),
            original_name="s.pdf",
            signature_date=ready.received_on,
            expected_version=version,
        )
    ready.refresh_from_db()
    assert ready.status == Status.DENIED
    assert not SupportingDocument.objects.filter(request=ready, kind="signed_supplement").exists()
    assert list(
        ready.events.filter(kind__in=["deny", "certify"]).values_list("kind", flat=True)
    ) == ["deny"]


# --- facts and responses the law allows ---------------------------------------------------------


def _t_request_in_review(world):
    from tests.conftest import make_request, submit_and_receive
    from tests.support.workspace import assign_and_review

    req = submit_and_receive(
        make_request(
            created_by=world.users["victim"], filed_by="victim", agency=world.agency_a, form="T"
        )
    )
    return assign_and_review(world, req)


def test_the_official_records_a_first_encounter_that_brings_the_t_clock_forward(
    client, world, time_machine
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    time_machine.move_to(datetime(2024, 3, 1, 12, tzinfo=ZoneInfo("America/Los_Angeles")))
    req = _t_request_in_review(world)
    # Penal Code 679.11: 1 March 2024 + 30 = 31 March.
    assert req.due_date == date(2024, 3, 31)
    client.force_login(world.users["official"])
    page = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "Cal. Penal Code 236.5 counts the agency’s time from its first encounter" in page
    response = client.post(
        reverse("workspace_first_encounter", args=[req.reference]),
        {
            "version": req.version,
            "first_encounter_on_day": "20",
            "first_encounter_on_month": "2",
            "first_encounter_on_year": "2024",
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    # 15 business days from Tue 20 Feb 2024: Tue 12 March.
    assert (req.first_encounter_on, req.due_date) == (date(2024, 2, 20), date(2024, 3, 12))
    assert (req.clock_trigger, req.clock_rule) == ("first_encounter", "Cal. Penal Code 236.5")
    assert req.events.filter(kind="first_encounter").exists()
    page = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "State law (Cal. Penal Code 236.5) gives the agency 15 business days" in page


def test_a_first_encounter_never_moves_the_clock_later(world, time_machine):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    time_machine.move_to(datetime(2024, 3, 1, 12, tzinfo=ZoneInfo("America/Los_Angeles")))
    req = _t_request_in_review(world)
    # A first encounter in the future is refused.
    with pytest.raises(Exception, match="today or in the past"):
        decisions.record_first_encounter(
            req, actor=world.users["official"], on=date(2024, 3, 5), expected_version=req.version
        )
    # Wed 28 Feb: 29 Feb (1), 1 Mar (2), 4-8 (7), 11-15 (12), 18-20 (15): Wed 20 March.
    req = decisions.record_first_encounter(
        req, actor=world.users["official"], on=date(2024, 2, 28), expected_version=req.version
    )
    assert req.due_date == date(2024, 3, 20)
    # A correction to a later day (Fri 1 March: 15 business days end 22 March) leaves it.
    req = decisions.record_first_encounter(
        req, actor=world.users["official"], on=date(2024, 3, 1), expected_version=req.version
    )
    assert (req.first_encounter_on, req.due_date) == (date(2024, 3, 1), date(2024, 3, 20))


def test_a_massachusetts_delay_notice_stops_the_clock(client, world, time_machine):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from workflows.clock import clock_for

    time_machine.move_to(datetime(2024, 3, 1, 12, tzinfo=ZoneInfo("America/Los_Angeles")))
    world.agency_a.state = "MA"
    world.agency_a.save()
    from tests.conftest import make_request, submit_and_receive
    from tests.support.workspace import assign_and_review

    req = assign_and_review(
        world,
        submit_and_receive(
            make_request(created_by=world.users["victim"], filed_by="victim", agency=world.agency_a)
        ),
    )
    # G.L. c. 258F, sec. 3: 90 days, 1 March 2024 + 90 = 30 May.
    assert req.due_date == date(2024, 5, 30)
    client.force_login(world.users["official"])
    page = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "Explain a delay in writing" in page
    response = client.post(
        reverse("workspace_delay_notice", args=[req.reference]),
        {
            "version": req.version,
            "explanation": "The records are held by another agency; we have asked for them.",
            "projected_on_day": "15",
            "projected_on_month": "7",
            "projected_on_year": "2024",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    req.refresh_from_db()
    assert (req.delay_notice_on, req.delay_projected_on) == (date(2024, 3, 1), date(2024, 7, 15))
    clock = clock_for(req, today=date(2024, 6, 30))
    assert clock.phase == "delayed" and not clock.running and not clock.overdue
    client.force_login(world.users["victim"])
    page = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "The agency explained a delay in writing" in page
    assert "we have asked for them" in page
    assert "not a legal deadline" in page


def test_a_delay_notice_is_refused_where_the_law_has_none_or_after_the_due_date(
    world, time_machine
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from workflows.lifecycle import TransitionError

    time_machine.move_to(datetime(2024, 3, 1, 12, tzinfo=ZoneInfo("America/Los_Angeles")))
    req = assign_and_review(world)
    with pytest.raises(TransitionError, match="sets no delay notice"):
        decisions.send_delay_notice(
            req,
            actor=world.users["official"],
            explanation="Busy.",
            projected_on=date(2024, 6, 1),
            expected_version=req.version,
        )
    world.agency_a.state = "MA"
    world.agency_a.save()
    CertificationRequest.objects.filter(pk=req.pk).update(due_date=date(2024, 2, 28))
    req.refresh_from_db()
    with pytest.raises(TransitionError, match="only by the due date"):
        decisions.send_delay_notice(
            req,
            actor=world.users["official"],
            explanation="Busy.",
            projected_on=date(2024, 6, 1),
            expected_version=req.version,
        )
