"""The request wizard: steps, branches, drafts, copies, uploads and what must never leak."""

import logging
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certify.records import answers as supplement_answers
from certify.records import boxes, documents
from certify.records.models import CertificationRequest, SupportingDocument, User
from certify.site.wizard.forms import WizardForm
from certify.site.wizard.views import STEPS
from forms.editions import get_edition
from tests.conftest import make_request
from tests.support.wizard import (
    PDF,
    T_STEPS,
    U_STEPS,
    answers,
    date_parts,
    post_step,
    step_url,
    walk,
)
from workflows import drafts as cleanup


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    return tmp_path


def new_requests(world):
    return CertificationRequest.objects.exclude(
        pk__in=[world.victim_request.pk, world.advocate_request.pk, world.draft.pk]
    )


def errors_of(response) -> str:
    return response.content.decode()


# --- validation, step by step ------------------------------------------------------------


@pytest.mark.parametrize(
    "step,data,message",
    [
        ("start", {}, "Choose who is filling in this request"),
        ("start", {"filed_by": "victim"}, "Choose the certification you need"),
        ("victim", {"a_number": "B1234"}, "Enter the A-number as the letter A and 8 or 9 digits"),
        ("victim", {}, "Enter the family name (last name)"),
        ("victim", {}, "Enter the given name (first name)"),
        ("victim", {}, "Enter the date of birth"),
        ("victim", {}, "Choose male or female, as the federal form asks"),
        ("victim", date_parts("date_of_birth", 31, 2, 1990), "The date of birth must be a real"),
        ("victim", date_parts("date_of_birth", 1, 1, 2990), "must be today or in the past"),
        ("victim", date_parts("date_of_birth", 1, "", 1990), "must include a month"),
        (
            "contact",
            {"safe_channels": ["phone"], "safe_phone": "555-1234"},
            "Enter a phone number like 202 555 0143",
        ),
        ("contact", {"safe_channels": ["email"]}, "Enter the safe e-mail address"),
        ("contact", {}, "Choose at least one safe way to make contact"),
        ("crime", {}, "Enter the date of the crime, or your best guess"),
        ("crime", {}, "Choose the state where the crime happened"),
        ("crime", date_parts("date_1", 40, 13, 2024), "The date of the crime must be a real date"),
        ("activities", {}, "Choose at least one crime"),
        ("story", {}, "Describe what happened"),
        ("helpfulness", {"unmet": "yes"}, "Describe what was asked and why"),
        ("family", {"harmed": "yes"}, "Enter the family member’s family name or given name"),
        ("family", {"harmed": "no"}, "Choose yes if a family member took part in the crime"),
        ("story", {"narrative": "x"}, "Choose yes if what you wrote is in English"),
        ("check", {}, "Confirm that the information is true"),
    ],
)
def test_each_step_says_exactly_what_is_wrong(client, world, step, data, message):
    client.force_login(world.users["victim"])
    full = answers(world.agency_a.pk)
    walk(client, U_STEPS, full, until=step)
    response = post_step(client, step, data)
    assert response.status_code == 200
    page = errors_of(response)
    assert message in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert "This field is required" not in page
    assert "<title>Error:" in page
    # The summary links to the field in error.
    anchors = re.findall(r"error-summary.*?</div>", page, re.S)[0]
    for target in re.findall(r'href="#([^"]+)"', anchors):
        assert f'id="{target}"' in page


def test_every_required_field_has_its_own_message():
    class Careless(WizardForm):
        from django import forms

        name = forms.CharField()

    with pytest.raises(TypeError):
        Careless()


def test_a_valid_a_number_is_normalised(client, world):
    client.force_login(world.users["victim"])
    data = answers(world.agency_a.pk)
    walk(client, U_STEPS, data)
    req = new_requests(world).get()
    assert req.a_number == "A012345678"
    assert req.safe_phone == "+12025550143"


def test_an_advocate_choice_needs_an_organisation(client, world):
    client.force_login(world.users["victim"])
    response = post_step(client, "start", {"filed_by": "advocate", "form": "U"})
    assert "Only advocates signed in" in errors_of(response)


# --- branches -----------------------------------------------------------------------------


def test_a_u_request_with_family_members_reaches_the_agency(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk))
    req = new_requests(world).get()
    assert req.form == "U" and req.reference.startswith("U-")
    assert req.status == "received" and req.due_date is not None
    member = req.family_members.get()
    assert (member.family_name, member.given_name) == ("Peña", "Luis")
    assert member.harmed and not member.implicated
    assert set(req.activities.values_list("code", flat=True)) == {"domestic_violence", "stalking"}
    assert req.other_names == [
        {"family_name": "Peña", "given_name": "Rosita", "middle_name": ""},
        {"family_name": "Pérez", "given_name": "Rosa", "middle_name": ""},
    ]
    assert req.narrative_in_english is False and req.narrative_language == "Spanish"
    assert req.removal_proceedings and req.expedite_requested
    assert req.consent_to_share and req.declaration_signed_at
    assert req.wizard_data == {} and req.wizard_step == ""
    assert client.session.get("certify_wizard_sent") == req.reference


def test_a_t_request_skips_the_family_step(client, world):
    client.force_login(world.users["victim"])
    data = answers(world.agency_a.pk, form="T")
    walk(client, T_STEPS, data)
    req = new_requests(world).get()
    assert req.form == "T" and req.reference.startswith("T-")
    assert not req.family_members.exists()
    assert client.get(step_url("family")).status_code == 302


def test_not_sure_asks_one_more_question(client, world):
    client.force_login(world.users["victim"])
    response = post_step(client, "start", {"filed_by": "victim", "form": "unsure"})
    assert response["Location"] == step_url("which")
    response = post_step(client, "which", {"form": "T"})
    assert response["Location"] == step_url("victim")


def test_i_dont_know_the_agency_is_an_answer(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(None))
    req = new_requests(world).get()
    assert req.agency is None and req.status == "submitted"


def test_only_agencies_serving_the_place_are_offered(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="agency")
    page = client.get(step_url("agency")).content.decode()
    assert "Agency A Police" in page and "Agency B Police" not in page
    response = post_step(client, "agency", {"agency": str(world.agency_b.pk)})
    assert response.status_code == 200


# --- drafts, resume, Back -----------------------------------------------------------------


def test_a_valid_step_saves_a_draft_and_another_device_resumes_it(client, world):
    victim = world.users["victim"]
    client.force_login(victim)
    data = answers(world.agency_a.pk)
    walk(client, U_STEPS, data, until="crime")
    draft = new_requests(world).get()
    assert draft.status == "draft" and draft.wizard_step == "crime"
    assert draft.wizard_data["step_data"]["victim"]["victim-given_name"] == ["Rosa"]

    other_device = Client()
    other_device.force_login(victim)
    response = other_device.get(reverse("wizard_resume", kwargs={"reference": draft.reference}))
    assert response["Location"] == step_url("crime")
    page = other_device.get(step_url("victim")).content.decode()
    assert 'value="Rosa"' in page and 'value="Peña Núñez"' in page


def test_save_and_come_back_later_keeps_the_page_and_lists_the_draft(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="victim")
    response = post_step(client, "victim", answers()["victim"], save_later="1")
    assert response["Location"] == reverse("request_list")
    draft = new_requests(world).get()
    assert draft.wizard_step == "victim"
    listing = client.get(reverse("request_list")).content.decode()
    assert reverse("wizard_resume", kwargs={"reference": draft.reference}) in listing


def test_an_expired_draft_does_not_resume(client, world, settings):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="contact")
    draft = new_requests(world).get()
    CertificationRequest.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() - timedelta(days=settings.DRAFT_EXPIRY_DAYS + 1)
    )
    response = client.get(reverse("wizard_resume", kwargs={"reference": draft.reference}))
    assert response["Location"] == reverse("request_list")
    assert cleanup.remove_expired_drafts() == 1
    assert not CertificationRequest.objects.filter(pk=draft.pk).exists()


def test_nobody_else_resumes_a_draft(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="contact")
    draft = new_requests(world).get()
    stranger = Client()
    stranger.force_login(world.users["other_victim"])
    url = reverse("wizard_resume", kwargs={"reference": draft.reference})
    assert stranger.get(url).status_code == 404


def test_back_keeps_what_was_typed_on_the_page(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="story")
    response = post_step(
        client, "story", {"narrative": "Half a sentence"}, wizard_goto_step="agency"
    )
    assert response["Location"] == step_url("agency")
    assert "Half a sentence" in client.get(step_url("story")).content.decode()


def test_a_failed_validation_keeps_what_was_typed(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="victim")
    response = post_step(client, "victim", {"given_name": "Rosa", "a_number": "nonsense"})
    page = response.content.decode()
    assert 'value="Rosa"' in page and 'value="nonsense"' in page


def test_an_expired_session_loses_nothing_that_was_saved(client, world):
    victim = world.users["victim"]
    client.force_login(victim)
    walk(client, U_STEPS, answers(world.agency_a.pk), until="story")
    client.session.flush()
    client.logout()
    client.force_login(victim)
    draft = new_requests(world).get()
    client.get(reverse("wizard_resume", kwargs={"reference": draft.reference}))
    assert 'value="Rosa"' in client.get(step_url("victim")).content.decode()
    walk(client, U_STEPS[U_STEPS.index("story") :], answers(world.agency_a.pk))
    draft.refresh_from_db()
    assert draft.status == "received"


def test_change_links_return_to_the_check_page(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="check")
    page = client.get(step_url("check")).content.decode()
    assert f"{step_url('victim')}?return=check" in page
    assert "Rosa" in page and "Domestic violence" in page
    response = post_step(client, "victim", answers()["victim"], return_to="check")
    assert response["Location"] == step_url("check")


def test_a_long_answer_is_flagged_for_additional_information(client, world):
    client.force_login(world.users["victim"])
    data = answers(world.agency_a.pk)
    data["story"]["narrative"] = "x" * 2000
    walk(client, U_STEPS, data, until="check")
    assert "continue in Part 7" in client.get(step_url("check")).content.decode()


@pytest.mark.parametrize("form", ["U", "T"])
def test_each_wizard_box_limit_is_the_field_maps_box(form):
    edition = get_edition(supplement_answers.FORM_CODES[form])
    for field in boxes.boxed_fields(form):
        box = boxes.box_for(form, field)
        spec = edition.by_key[box.key][0]
        assert (box.part, box.item) == (spec.part, spec.item), field
        assert box.chars == spec.max_chars and box.chars, field


def test_each_box_is_the_one_the_supplement_answers_use(world):
    for form in ("U", "T"):
        fields = {f: f"answer for {f}" for f in ("narrative", "injuries", "helpfulness_details")}
        req = make_request(
            created_by=world.users["victim"],
            filed_by="victim",
            agency=world.agency_a,
            form=form,
            **fields,
        )
        written = supplement_answers.official_answers(req)
        for field in boxes.boxed_fields(form) - {"unmet_request"}:
            assert fields[field] in written[boxes.box_for(form, field).key], (form, field)


@pytest.mark.parametrize("form,narrative_box", [("U", 540), ("T", 720)])
def test_the_story_step_says_how_much_fits_in_the_forms_box(client, world, form, narrative_box):
    client.force_login(world.users["victim"])
    steps = U_STEPS if form == "U" else T_STEPS
    walk(client, steps, answers(world.agency_a.pk, form=form), until="story")
    page = client.get(step_url("story")).content.decode()
    assert f"About {narrative_box} characters fit" in page
    # Form I-914 Supplement B has no box for injuries: nothing to warn about.
    assert page.count("characters fit") == (2 if form == "U" else 1)


# --- accounts -----------------------------------------------------------------------------


def test_a_victim_begins_without_an_account_and_creates_one_to_send(client, world, mailoutbox):
    data = answers(world.agency_a.pk)
    walk(client, U_STEPS, data, until="check")
    assert not new_requests(world).exists()
    response = post_step(client, "check", data["check"])
    assert response["Location"].startswith(reverse("wizard_signup"))
    client.get(response["Location"])
    response = client.post(
        reverse("wizard_signup"),
        {"email": "rosa.new@example.org", "password": "a long and private phrase"},
    )
    assert "Check your e-mail" in response.content.decode()
    link = re.search(r"http://testserver(/apply/account/\S+/)", mailoutbox[0].body).group(1)
    # Confirming asks for the password chosen at sign-up (no account can be pre-claimed).
    response = client.post(link, {"password": "a long and private phrase"})
    assert response["Location"] == step_url("check")
    post_step(client, "check", data["check"])
    req = new_requests(world).get()
    assert req.created_by.email == "rosa.new@example.org" and req.status == "received"


def test_sign_up_does_not_tell_whether_an_address_has_an_account(client, world, mailoutbox):
    pages = []
    for email in ("victim@example.org", "nobody.yet@example.org"):
        response = Client().post(
            reverse("wizard_signup"), {"email": email, "password": "a long and private phrase"}
        )
        pages.append(re.sub(r'value="[^"]+"', "", response.content.decode()))
    assert pages[0] == pages[1]
    assert len(mailoutbox) == 2 and mailoutbox[0].subject == mailoutbox[1].subject
    assert User.objects.get(email="nobody.yet@example.org").is_active is False


# --- copying and advocates ----------------------------------------------------------------


def test_an_advocate_copies_a_request_for_a_second_agency(client, world):
    client.force_login(world.users["advocate"])
    source = world.advocate_request
    documents.store(
        actor=world.users["advocate"],
        certification_request=source,
        kind="police_report",
        content=PDF,
        original_name="report.pdf",
    )
    response = client.post(reverse("wizard_copy", kwargs={"reference": source.reference}))
    assert response["Location"] == step_url("start")
    copy = new_requests(world).get()
    assert copy.copied_from == source and copy.status == "draft"
    assert copy.organisation == world.org_x
    assert documents.read_content(copy.documents.get()) == PDF
    page = client.get(step_url("victim")).content.decode()
    assert 'value="José"' in page


def test_copying_a_request_writes_a_read_entry_for_the_source(client, world):
    from certify.records.models import AuditEntry

    advocate = world.users["advocate"]
    client.force_login(advocate)
    source = world.advocate_request
    documents.store(
        actor=advocate,
        certification_request=source,
        kind="police_report",
        content=PDF,
        original_name="report.pdf",
    )
    client.post(reverse("wizard_copy", kwargs={"reference": source.reference}))
    read = AuditEntry.objects.filter(
        request_reference=source.reference, actor_id=advocate.pk, action__in=["view", "download"]
    )
    assert read.filter(object_type="CertificationRequest", detail__contains="copied").exists()
    assert read.filter(object_type="SupportingDocument", action="download").exists()


def test_an_advocates_request_belongs_to_the_organisation(client, world):
    client.force_login(world.users["advocate"])
    walk(client, T_STEPS, answers(world.agency_a.pk, form="T", filed_by="advocate"))
    req = new_requests(world).get()
    assert req.filed_by == "advocate" and req.organisation == world.org_x


# --- uploads ------------------------------------------------------------------------------


def _upload(client, name, content):
    return client.post(
        step_url("documents"),
        {
            "certify_request-current_step": "documents",
            "documents-police_report": SimpleUploadedFile(name, content, "application/pdf"),
            "documents-in_english": "yes",
        },
    )


def test_a_renamed_executable_is_refused(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="documents")
    response = _upload(client, "report.pdf", b"MZ\x90\x00" + b"\0" * 200)
    assert response.status_code == 200
    assert "must be a PDF, JPEG or PNG" in response.content.decode()
    assert not SupportingDocument.objects.filter(request__in=new_requests(world)).exists()


def test_a_valid_pdf_is_kept_encrypted(client, world, private_dir):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="documents")
    response = _upload(client, "Rosa-report.pdf", PDF)
    assert response["Location"] == step_url("check")
    document = SupportingDocument.objects.get(request__in=new_requests(world))
    stored = (Path(private_dir) / "documents" / document.storage_name).read_bytes()
    assert b"%PDF" not in stored and documents.read_content(document) == PDF
    assert "Rosa" not in document.storage_name
    assert list((Path(private_dir) / "wizard_tmp").iterdir()) == []


def test_an_anonymous_upload_waits_encrypted_in_private_temp_storage(client, world, private_dir):
    walk(client, U_STEPS, answers(world.agency_a.pk), until="documents")
    _upload(client, "Rosa-report.pdf", PDF)
    [temp] = list((Path(private_dir) / "wizard_tmp").iterdir())
    assert b"%PDF" not in temp.read_bytes() and "Rosa" not in temp.name


def test_stale_uploads_are_removed(private_dir):
    from certify.records.temp_uploads import temp_directory

    old = temp_directory() / "old.enc"
    old.write_bytes(b"x")
    fresh = temp_directory() / "fresh.enc"
    fresh.write_bytes(b"y")
    day_ago = timezone.now().timestamp() - 25 * 3600
    import os

    os.utime(old, (day_ago, day_ago))
    assert cleanup.remove_stale_uploads(max_age_hours=24) == 1
    assert fresh.exists() and not old.exists()


# --- no trace ----------------------------------------------------------------------------


def test_no_victim_data_in_urls_cookies_or_logs(client, world, caplog):
    secrets = ["Peña", "Pe%C3%B1a", "Rosa", "12345678", "555", "rosa.safe", "golpe"]
    client.force_login(world.users["victim"])
    caplog.set_level(logging.DEBUG)
    seen_urls, cookies = [], []
    data = answers(world.agency_a.pk)
    for step in U_STEPS:
        seen_urls.append(step_url(step))
        response = post_step(client, step, data[step])
        seen_urls.append(response.get("Location", ""))
        cookies += [morsel.OutputString() for morsel in response.cookies.values()]
        page = client.get(response["Location"])
        cookies += [morsel.OutputString() for morsel in page.cookies.values()]
    trace = " ".join(seen_urls + cookies + [r.getMessage() for r in caplog.records])
    for secret in secrets:
        assert secret not in trace


def test_the_steps_are_the_ones_documented():
    assert [name for name, _form in STEPS] == [
        "start",
        "which",
        "victim",
        "contact",
        "crime",
        "activities",
        "agency",
        "story",
        "helpfulness",
        "family",
        "expedite",
        "documents",
        "check",
    ]


def test_no_question_about_immigration_status():
    for _name, form_class in STEPS:
        for field in form_class.base_fields.values():
            assert "status" not in str(field.label).lower()
            assert "citizen" not in str(field.label).lower()


# --- the expedite step asks only what the law uses --------------------------------------------


def _agency(**fields):
    from certify.records.models import Agency

    defaults = {"name": "Springfield Police", "slug": "springfield-pd", "kind": "police"}
    return Agency.objects.create(**{**defaults, **fields})


def _walk_to_expedite(client, world, agency, *, state, city, born=(2, 4, 1990), form="U"):
    client.force_login(world.users["victim"])
    data = answers(agency.pk, form=form)
    data["crime"].update(state=state, city=city, county="", **date_parts("date_1", 14, 2, 2024))
    data["victim"].update(date_parts("date_of_birth", *born))
    steps = U_STEPS if form == "U" else T_STEPS
    walk(client, steps, data, until="expedite")
    return data, steps


def _expedite_page(client) -> str:
    return client.get(step_url("expedite")).content.decode().replace("&#x27;", "'")


def test_the_expedite_step_asks_only_what_california_law_uses(client, world):
    _walk_to_expedite(client, world, world.agency_a, state="CA", city="San Francisco")
    page = _expedite_page(client)
    assert "removal (deportation) proceedings" in page
    assert "Why we ask: Cal. Penal Code 679.10" in page
    assert "The victim is detained" not in page
    assert "will soon turn 21" not in page
    assert "parents, or brothers or sisters" not in page


def test_the_expedite_step_asks_illinois_questions_and_says_why(client, world):
    agency = _agency(state="IL", city="Springfield", time_zone="America/Chicago")
    # A victim under 21, so the victim's own birthday matters for parents and siblings.
    _walk_to_expedite(client, world, agency, state="IL", city="Springfield", born=(1, 6, 2010))
    page = _expedite_page(client)
    for question in (
        "removal (deportation) proceedings",
        "The victim is detained",
        "will soon turn 21",
        "parents, or brothers or sisters under 18",
    ):
        assert question in page
    assert "Why we ask: 5 ILCS 825/10" in page
    assert "the victim turns 21 on" in page
    assert "Every question on this page is optional" in page


def test_an_adult_victim_is_not_asked_about_parents_or_siblings(client, world):
    agency = _agency(state="IL", city="Springfield", time_zone="America/Chicago")
    _walk_to_expedite(client, world, agency, state="IL", city="Springfield")
    page = _expedite_page(client)
    assert "The victim is detained" in page
    assert "parents, or brothers or sisters" not in page


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"state": "TX", "city": "Austin"}, "TX"),  # no statute
        ({"state": "IL", "city": "Chicago", "kind": "court"}, "IL"),  # the Act leaves courts out
    ],
)
def test_no_question_about_the_victims_situation_where_no_law_uses_it(client, world, fields, state):
    agency = _agency(**fields)
    _walk_to_expedite(client, world, agency, state=state, city=fields["city"])
    page = _expedite_page(client)
    assert "removal (deportation) proceedings" not in page
    assert "The victim is detained" not in page
    assert "No law for this agency gives a shorter deadline" in page
    assert "Another urgent reason" in page


def test_an_age_out_needs_its_date_where_the_law_counts_it(client, world):
    agency = _agency(state="WA", city="Tacoma", time_zone="America/Los_Angeles")
    _walk_to_expedite(client, world, agency, state="WA", city="Tacoma")
    response = post_step(client, "expedite", {"age_out": "on"})
    assert response.status_code == 200
    assert "Enter the date the family member turns 21" in errors_of(response)


def test_every_expedite_answer_is_optional(client, world):
    agency = _agency(state="IL", city="Springfield", time_zone="America/Chicago")
    data, steps = _walk_to_expedite(client, world, agency, state="IL", city="Springfield")
    data["expedite"] = {}
    walk(client, steps[steps.index("expedite") :], data)
    req = new_requests(world).get()
    assert not (req.removal_proceedings or req.detained or req.expedite_requested)
    # An adult victim was not asked about parents or siblings at all.
    assert req.age_out_date is None and req.parents_or_siblings is None


def test_the_victims_own_birthday_sets_the_illinois_clock(client, world, time_machine):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    time_machine.move_to(datetime(2025, 1, 10, 12, tzinfo=ZoneInfo("America/Chicago")))
    agency = _agency(state="IL", city="Springfield", time_zone="America/Chicago")
    # The victim turns 21 on 1 March 2025, inside the 90 business days.
    data, steps = _walk_to_expedite(
        client, world, agency, state="IL", city="Springfield", born=(1, 3, 2004)
    )
    data["expedite"] = {"parents_or_siblings": "on"}
    walk(client, steps[steps.index("expedite") :], data)
    req = new_requests(world).get()
    assert req.parents_or_siblings is True and req.expedite_requested
    # 10 Jan 2025 + 21 calendar days = 31 Jan.
    assert (req.due_date, req.clock_trigger) == (date(2025, 1, 31), "victim_age_out")


def test_family_rows_after_the_first_stay_folded_until_used(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, answers(world.agency_a.pk), until="family")
    page = post_step(client, "family", {}).content.decode()
    opened = re.findall(r'<details class="member" open>\s*<summary>([^<]+)</summary>', page)
    assert opened == ["Family member who was harmed 1", "Family member who took part 1"]


def test_saving_a_draft_step_updates_only_the_wizards_columns(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_user
    from workflows import drafts

    user = make_user("draft.columns@example.org")
    draft = drafts.save_draft(actor=user, draft=None, step_data={}, current_step="start")
    with CaptureQueriesContext(connection) as queries:
        drafts.save_draft(actor=user, draft=draft, step_data={"x": {}}, current_step="crime")
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"wizard_data"' in updates[0] and '"narrative"' not in updates[0]
