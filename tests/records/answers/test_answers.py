"""What goes on the supplement, and what the pages around it say: family members implicated or
harmed, names in parts and in other scripts, the A-Number, the agency's level and category,
accounts in another language, the stand-in in production, and the request page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from certify.records import answers as request_answers
from certify.records.models import Agency, CertificationRequest, FamilyMember
from forms.editions import ADDITIONAL_ENTRIES, get_edition
from forms.fill import blank_required_items, fill, read_back
from tests.conftest import make_request, submit_and_receive
from tests.support.wizard import U_STEPS, post_step, step_url, walk
from tests.support.wizard import answers as wizard_answers
from tests.support.workspace import assign_and_review, complete_everything
from workflows import review, supplement

I918B = get_edition("I-918B")
I914B = get_edition("I-914B")


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


def new_request(world) -> CertificationRequest:
    """The one request the test filed through the wizard (names are encrypted: no filter)."""
    known = [world.victim_request.pk, world.advocate_request.pk, world.draft.pk]
    return CertificationRequest.objects.exclude(pk__in=known).get()


def value(values: dict[str, str], edition, key: str) -> str:
    return values[edition.by_key[key][0].pdf_name]


def add_member(req, family, given, relationship, *, implicated=False, harmed=False, did=""):
    return FamilyMember.objects.create(
        request=req,
        family_name=family,
        given_name=given,
        relationship=relationship,
        implicated=implicated,
        harmed=harmed,
        involvement=did,
    )


# --- Part 5: family members implicated ------------------------------------------------------


@pytest.fixture
def five_implicated(world):
    req = world.advocate_request
    for n, relation in enumerate(["spouse", "parent", "sibling", "child", "other"], start=1):
        add_member(req, f"Family{n}", f"Given{n}", relation, implicated=True, did=f"Act {n}")
    add_member(req, "Peña", "Luis", "child", harmed=True)
    return assign_and_review(world, req)


def test_five_implicated_members_fill_part_5_and_continue_in_part_7(world, five_implicated):
    req = five_implicated
    complete_everything(world, req)
    done = review.completion_for(req)
    review.save_completion(
        req,
        actor=world.users["official"],
        answers={"part5.family_implicated": "yes"},
        expected_version=done.version,
    )
    pdf = supplement.prepare_official_copy(req, actor=world.users["official"])
    values = read_back(pdf.data)
    for n in (1, 2, 3):
        assert value(values, I918B, f"part5.member_{n}.family_name") == f"Family{n}"
        assert value(values, I918B, f"part5.member_{n}.given_name") == f"Given{n}"
        assert value(values, I918B, f"part5.member_{n}.involvement") == f"Act {n}"
    assert value(values, I918B, "part5.member_1.relationship") == "Spouse"
    # Members 4 and 5 continue in Part 7, with the page, part and items they belong to.
    blocks = [
        (
            values[f"form1[0].#subform[4].{page}"],
            values[f"form1[0].#subform[4].{part}"],
            values[f"form1[0].#subform[4].{item}"],
            values[f"form1[0].#subform[4].{text}"],
        )
        for page, part, item, text in (
            ("P8_Line4a_PageNumber[0]", "P8_Line4b_PartNumber[0]", "P8_Line4c_ItemNumber[0]",
             "Part7_Line4d_AdditionalInfo[0]"),
            ("Part7_Line5a_PageNumber[0]", "Part7_Line5a_PartNumber[0]",
             "Part7_Line5a_ItemNumber[0]", "Part7_Line5d_AdditionalInfo[0]"),
        )
    ]  # fmt: skip
    assert blocks[0][:3] == ("4", "5", "2-4") and blocks[1][:3] == ("4", "5", "2-4")
    assert "Family member 4 implicated: Family Name: Family4, Given Name: Given4" in blocks[0][3]
    assert "Relationship: Child; Involvement: Act 4" in blocks[0][3]
    assert "Family member 5 implicated" in blocks[1][3]
    # The relative who was harmed is nowhere on the form.
    assert not any("Peña" in v and "Luis" in v for v in values.values())


def test_part_5_stays_empty_unless_the_official_answers_yes(world, five_implicated):
    req = five_implicated
    merged = review.merged_answers(req)
    assert not any(k.startswith("part5.member_") for k in merged)
    assert ADDITIONAL_ENTRIES not in merged
    complete_everything(world, req)  # answers item 1 with the first box: set it to "no"
    done = review.completion_for(req)
    review.save_completion(
        req,
        actor=world.users["official"],
        answers={"part5.family_implicated": "no"},
        expected_version=done.version,
    )
    values = read_back(supplement.prepare_official_copy(req, actor=world.users["official"]).data)
    assert all(
        values[s.pdf_name] in ("", "/Off")
        for s in I918B.fields
        if s.key.startswith("part5.member_")
    )
    assert "Family1" not in " ".join(values.values())


def test_a_member_recorded_as_one_whole_name_is_never_split(world):
    req = world.advocate_request
    FamilyMember.objects.create(
        request=req, full_name="Ana María Peña", relationship="parent", implicated=True
    )
    merged = request_answers.official_answers(req, {"part5.family_implicated": "yes"})
    assert merged["part5.member_1.family_name"] == "Ana María Peña"
    assert "part5.member_1.given_name" not in merged


# --- names ----------------------------------------------------------------------------------


def test_a_vietnamese_name_is_kept_as_entered(client, world):
    client.force_login(world.users["victim"])
    data = wizard_answers(world.agency_a.pk)
    data["victim"] |= {"family_name": "Trần", "given_name": "Văn Nam", "middle_name": ""}
    walk(client, U_STEPS, data)
    req = new_request(world)
    assert (req.family_name, req.given_name, req.middle_name) == ("Trần", "Văn Nam", "")
    assert req.native_name == {}
    values = read_back(supplement.requester_copy(req).data)
    assert value(values, I918B, "victim.family_name") == "Trần"
    assert value(values, I918B, "victim.given_name") == "Văn Nam"
    assert value(values, I918B, "victim.middle_name") == "N/A"
    assert value(values, I918B, "part7.victim.family_name") == "Trần"


def test_an_arabic_name_needs_its_latin_spelling(client, world):
    client.force_login(world.users["victim"])
    data = wizard_answers(world.agency_a.pk)
    walk(client, U_STEPS, data, until="victim")
    victim = data["victim"] | {"family_name": "حداد", "given_name": "Ahmed"}
    response = post_step(client, "victim", victim)
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert "The family name is not written in Latin letters" in page
    assert 'href="#id_victim-latin_family_name"' in page
    # With the spelling on the victim's passport the form gets Latin letters; the original is
    # kept for the agency's record.
    response = post_step(client, "victim", victim | {"latin_family_name": "Haddad"})
    assert response["Location"] == step_url("contact")
    walk(client, U_STEPS[U_STEPS.index("contact") :], data)
    req = new_request(world)
    assert req.native_name == {"family_name": "حداد"}
    assert value(read_back(supplement.requester_copy(req).data), I918B, "victim.family_name") == (
        "Haddad"
    )
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "Ahmed Haddad" in page and "Ahmed حداد" in page


def test_an_arabic_name_without_a_latin_spelling_is_refused_by_the_filler(world):
    req = world.victim_request
    req.family_name = "حداد"
    req.save(update_fields=["family_name"])
    with pytest.raises(supplement.UndrawableText) as refused:
        supplement.requester_copy(req)
    assert refused.value.where == "Page 1, Part 1, Item 2.a: Family Name (Last Name)"
    assert refused.value.key == "victim.family_name"
    # The filler itself refuses, whatever calls it: nothing of empty glyph boxes is produced.
    with pytest.raises(supplement.UndrawableText):
        fill(I918B, {"victim.family_name": "王芳"}, copy="requester")


def test_the_a_number_is_written_without_the_printed_a(world):
    req = world.victim_request
    req.a_number = "A012345678"
    req.save(update_fields=["a_number"])
    for edition, form in ((I918B, "U"), (I914B, "T")):
        req.form = form
        values = read_back(supplement.requester_copy(req).data)
        assert value(values, edition, "victim.a_number") == "012345678"
        assert value(values, edition, "part7.victim.a_number") == "012345678"


# --- Part 2: the agency's level and category ------------------------------------------------


@pytest.mark.parametrize(
    "level,category,words,u_type,t_type",
    [
        ("state", "other", "Labor agency", {"state"}, {"state"}),
        ("state", "judge", "", {"state"}, {"state"}),
        ("federal", "law_enforcement", "", {"federal"}, {"federal"}),
        ("tribal", "law_enforcement", "", set(), {"tribal"}),
    ],
)
def test_part_2_reads_the_agencys_level_and_category(world, level, category, words, u_type, t_type):
    agency = Agency.objects.create(
        name="Some Agency", slug=f"a-{level}-{category}", kind="other", state="CA",
        level=level, category=category, category_other=words,
    )  # fmt: skip
    req = make_request(created_by=world.users["victim"], filed_by="victim", agency=agency)
    for edition, form, expected in ((I918B, "U", u_type), (I914B, "T", t_type)):
        req.form = form
        merged = request_answers.requester_answers(req)
        assert ({merged["agency.type"]} if "agency.type" in merged else set()) == expected
        assert merged["agency.category"] == category
        assert merged.get("agency.category_other", "") == words
        blanks = {b.key for b in blank_required_items(edition, merged)}
        # A level the edition has no box for is the official's to answer.
        assert ("agency.type" in blanks) == (not expected)


def test_other_category_needs_its_words(db):
    from django.core.exceptions import ValidationError

    agency = Agency(name="X", slug="x", kind="labor", state="CA", category="other")
    with pytest.raises(ValidationError):
        agency.full_clean()


# --- an account in another language --------------------------------------------------------


def test_an_account_not_in_english_is_flagged_and_not_copied(client, world):
    client.force_login(world.users["victim"])
    walk(client, U_STEPS, wizard_answers(world.agency_a.pk))  # the account is in Spanish
    req = new_request(world)
    assert req.narrative_in_english is False
    merged = review.merged_answers(req)
    assert "part3.description" not in merged
    assert "part3.description" in {b.key for b in review.blank_items(req)}
    page = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "An English translation is needed" in page and "8 CFR 103.2(b)(3)" in page
    assert "Spanish" in page
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "write its answers in English" in page
    req = assign_and_review(world, req)
    client.force_login(world.users["official"])
    part3 = client.get(reverse("workspace_complete_part", args=[req.reference, 3]))
    assert "The requester wrote in Spanish" in part3.content.decode()


# --- the stand-in ---------------------------------------------------------------------------


def test_production_refuses_the_stand_in_and_the_demo_shows_a_banner(client, world, settings):
    req = assign_and_review(world)
    complete_everything(world, req)
    client.force_login(world.users["official"])
    page = client.get(reverse("workspace_complete", args=[req.reference])).content.decode()
    assert "Not the official USCIS form" in page
    assert "for demonstrations and tests only" in page
    assert "manage.py install_form_edition PATH" in page
    settings.FORMS_ALLOW_STANDIN = False
    response = client.post(reverse("workspace_official_copy", args=[req.reference]))
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "is not installed" in follow and "install_form_edition" in follow
    with pytest.raises(supplement.CopyRefused):
        supplement.prepare_official_copy(req, actor=world.users["official"])


# --- the request page and the check page ----------------------------------------------------


def test_the_request_page_shows_what_was_said_in_the_readers_language(client, world):
    req = world.victim_request
    req.gender = "male"
    req.date_of_birth = date(1983, 4, 26)
    req.crime_dates = ["2026-01-02"]
    req.helped_ways = ["reported", "statements"]
    req.safe_channels = ["phone", "mail"]
    req.safe_phone = "+12025550143"
    req.safe_mailing_address = "PO Box 9, Oakland CA"
    req.save()
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "<dd>Male</dd>" in page
    assert "April 26, 1983" in page and "January 2, 2026" in page and "2026-01-02" not in page
    assert "Reported the crime; Gave statements or answered questions" in page
    assert "reported, statement" not in page
    # The safe contact details reach the agency, with the ways that are safe.
    assert "Phone calls, Letters to the safe mailing address" in page
    assert "PO Box 9, Oakland CA" in page and "+12025550143" in page
    assert "Family members" not in page
    client.force_login(world.users["victim"])
    client.cookies.load({"django_language": "es"})
    page = client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert "Denunció el delito" in page and "Masculino" in page


def test_the_check_page_shows_no_family_after_the_answer_no(client, world):
    client.force_login(world.users["victim"])
    data = wizard_answers(world.agency_a.pk)
    walk(client, U_STEPS, data, until="check")
    assert "Luis" in client.get(step_url("check")).content.decode()
    family = data["family"] | {"harmed": "no"}
    post_step(client, "family", family, return_to="check")
    page = client.get(step_url("check")).content.decode()
    assert "Luis" not in page and "Peña" in page  # the victim's own name is still there


def test_the_t_wizard_asks_about_trafficking_not_the_u_crimes(client, world):
    client.force_login(world.users["victim"])
    data = wizard_answers(world.agency_a.pk, form="T")
    t_steps = [s for s in U_STEPS if s != "family"]
    walk(client, t_steps, data, until="activities")
    page = client.get(step_url("activities")).content.decode()
    assert "commercial sex acts by force, fraud or coercion" in page
    assert "Domestic violence" not in page and "Felonious assault" not in page
    walk(client, t_steps[t_steps.index("activities") :], data, until="helpfulness")
    page = client.get(step_url("helpfulness")).content.decode()
    assert "physical or psychological trauma" in page
    walk(client, t_steps[t_steps.index("helpfulness") :], data)
    req = CertificationRequest.objects.get(created_by=world.users["victim"], form="T")
    assert req.trafficking_types == ["labor_trafficking"] and req.cooperation == "complied"
    assert not req.activities.exists()


# --- the packet for an agency not on certify ------------------------------------------------


def test_the_packet_is_offered_on_the_sent_page_and_by_a_notice(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    from workflows.models import Notice

    paper = Agency.objects.create(
        name="Paper PD", slug="paper-pd", kind="police", state="CA", city="Oakland",
        on_certify=False, level="local", category="law_enforcement",
    )  # fmt: skip
    paper.service_areas.create(county="San Francisco", city="San Francisco")
    client.force_login(world.users["victim"])
    data = wizard_answers(paper.pk)
    walk(client, U_STEPS[:-1], data)
    # The notice is sent once the submission is committed.
    with django_capture_on_commit_callbacks(execute=True):
        post_step(client, "check", data["check"])
    req = CertificationRequest.objects.get(created_by=world.users["victim"], agency=paper)
    sent = client.get(reverse("wizard_sent")).content.decode()
    url = reverse("packet_download", args=[req.reference])
    assert url in sent and "Download the packet (PDF)" in sent
    notice = Notice.objects.get(request=req, recipient=world.users["victim"])
    assert notice.kind == "packet_ready"
    assert any("packet to send is ready" in m.body for m in mailoutbox)
    assert all("Rosa" not in m.body and "Peña" not in m.body for m in mailoutbox)
    assert url in client.get(reverse("request_detail", args=[req.reference])).content.decode()
    assert client.get(url)["Content-Type"] == "application/pdf"


def test_a_request_on_certify_has_no_packet(client, world):
    submit_and_receive(make_request(created_by=world.users["victim"], filed_by="victim",
                                    agency=world.agency_a))  # fmt: skip
    client.force_login(world.users["victim"])
    page = client.get(reverse("request_detail", args=[world.victim_request.reference]))
    assert "Download the packet" not in page.content.decode()


def test_the_form_and_the_packet_are_english_whatever_language_is_active(world):
    from django.utils import translation

    req = world.advocate_request
    req.helped_ways = ["reported"]
    req.save()
    add_member(req, "Ruiz", "Ana", "spouse", implicated=True)
    with translation.override("es"):
        merged = request_answers.official_answers(req, {"part5.family_implicated": "yes"})
        letter = request_answers.helped_ways_in_words(req)
    assert merged["part5.member_1.relationship"] == "Spouse"
    assert "Reported the crime" in merged["part4.helpfulness_description"]
    assert letter == "Denunció el delito"  # the page's own words stay in its language
