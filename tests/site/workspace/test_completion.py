"""Completing the agency's parts: prefill, drafts, the blank-item check, the official's copy,
and two officials saving the same part at once."""

import pytest
from django.urls import reverse

from certify.records import answers, seal
from certify.records.models import (
    AgencyCompletion,
    AuditEntry,
    CertifyingOfficial,
    QualifyingActivity,
)
from forms.fill import read_back
from tests.conftest import make_user
from tests.support.workspace import assign_and_review, complete_everything
from workflows import review


@pytest.fixture
def in_review(world):
    req = world.advocate_request
    req.activities.add(QualifyingActivity.objects.get(code="felonious_assault"))
    return assign_and_review(world, req)


def _url(req, part):
    return reverse("workspace_complete_part", args=[req.reference, part])


def _post_data(response, **changes):
    """The form as the browser would send it back: every initial value, then `changes`."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None:
            continue
        if hasattr(value, "year"):
            data.update(
                {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}
            )
        else:
            data[name] = value
    data.update(changes)
    return data


def test_part_2_is_prefilled_from_the_agency_and_the_designation(client, world, in_review):
    client.force_login(world.users["official"])
    form = client.get(_url(in_review, 2)).context["form"]
    assert form.initial["agency__name"] == "Agency A Police"
    assert form.initial["official__family_name"] == "Lee"
    assert form.initial["official__title_and_division"] == "Lieutenant"
    assert form.initial["agency__category"] == "law_enforcement"


def test_the_crime_checklist_is_prefilled_and_an_untick_sticks(client, world, in_review):
    client.force_login(world.users["official"])
    page = client.get(_url(in_review, 3))
    assert page.context["form"].initial["item__3__1"] == ["part3.activity.felonious_assault"]
    data = _post_data(page, **{"item__3__1": ["part3.activity.stalking"]})
    response = client.post(_url(in_review, 3), {**data, "save": "1"})
    assert response.status_code == 302
    answers = review.merged_answers(in_review)
    assert answers["part3.activity.stalking"] is True
    # Unticked by the official: stays unticked even though the request names it.
    assert answers["part3.activity.felonious_assault"] is False


def test_the_presumption_of_helpfulness_is_shown_on_part_4_in_california(client, world, in_review):
    client.force_login(world.users["official"])
    response = client.get(_url(in_review, 4))
    assert response.context["presumption"] is not None
    assert "presumes the victim helpful" in response.content.decode()
    world.agency_a.state = "WA"
    world.agency_a.save()
    assert client.get(_url(in_review, 4)).context["presumption"] is None


def test_each_save_is_a_draft_with_a_new_version_and_an_audit_entry(client, world, in_review):
    client.force_login(world.users["official"])
    page = client.get(_url(in_review, 3))
    data = _post_data(page, part3__statutory_citations="PC 245(a)(1)", save="1")
    client.post(_url(in_review, 3), data)
    completion = AgencyCompletion.objects.get(request=in_review)
    assert completion.version == 2
    assert completion.answers["part3.statutory_citations"] == "PC 245(a)(1)"
    assert completion.updated_by == world.users["official"]
    assert AuditEntry.objects.filter(object_type="AgencyCompletion", action="update").count() == 1


def test_an_invalid_date_is_reported_and_the_rest_is_saved(client, world, in_review):
    client.force_login(world.users["official"])
    page = client.get(_url(in_review, 3))
    data = _post_data(
        page,
        part3__statutory_citations="PC 245",
        part3__activity_date_2_day="31",
        part3__activity_date_2_month="2",
        part3__activity_date_2_year="2024",
        save="1",
    )
    response = client.post(_url(in_review, 3), data)
    assert response.status_code == 200
    assert response.context["errors"][0][0] == "id_part3__activity_date_2_0"
    assert response.content.decode().count("Error:") >= 2
    assert review.completion_for(in_review).answers["part3.statutory_citations"] == "PC 245"


def test_the_blank_check_lists_items_by_part_and_item_with_links(client, world, in_review):
    client.force_login(world.users["official"])
    response = client.get(reverse("workspace_complete", args=[in_review.reference]))
    html = response.content.decode()
    rows = response.context["blank_rows"]
    items = {(r["item"].part, r["item"].item) for r in rows}
    assert (3, "3") in items  # statutory citations
    assert (4, "1") in items  # has information
    assert (6, "2") not in items  # the signature date is written when signing
    assert "Part 3, Item 3: Statutory citation" in html
    assert _url(in_review, 3) + "#id_part3__statutory_citations" in html
    # No download while items are blank.
    refused = client.post(reverse("workspace_official_copy", args=[in_review.reference]))
    assert refused.status_code == 302


def test_the_official_copy_carries_the_answers_and_is_not_sealed(client, world, in_review):
    complete_everything(world, in_review)
    client.force_login(world.users["official"])
    response = client.post(reverse("workspace_official_copy", args=[in_review.reference]))
    assert response.status_code == 200
    pdf = response.content
    edition = answers.edition_for(in_review)
    fields = read_back(pdf)
    name_of = {key: specs[0].pdf_name for key, specs in edition.by_key.items()}
    assert fields[name_of["agency.name"]] == "Agency A Police"
    assert fields[name_of["part3.statutory_citations"]] == "Cal. Penal Code 245(a)(1)"
    assert fields[name_of["official.family_name"]] == "Lee"
    assert fields[name_of["part3.activity.felonious_assault"]] not in ("", "/Off")
    assert fields[name_of["part6.signature"]] == ""  # never filled: ink only
    # Printed for signature, it certifies nothing: /verify/ has no record of it.
    assert not seal.verify_file(pdf).found
    assert not in_review.sealed_pdfs.exists()


def test_the_t_form_has_its_own_parts(client, world):
    from tests.conftest import make_request, submit_and_receive

    req = submit_and_receive(
        make_request(
            created_by=world.users["victim"], filed_by="victim", agency=world.agency_a, form="T"
        )
    )
    assign_and_review(world, req)
    client.force_login(world.users["official"])
    form = client.get(_url(req, 3)).context["form"]
    assert "item__3__1" in form.fields  # the trafficking claims checklist
    assert "part3__description" in form.fields
    assert client.get(_url(req, 2)).context["form"].initial["official__title"] == "Lieutenant"


# --- two officials at once --------------------------------------------------------------------


@pytest.fixture
def colleague(world):
    user = make_user("colleague@example.org", first_name="Ana", last_name="Ruiz")
    CertifyingOfficial.objects.create(
        user=user, agency=world.agency_a, title="Sergeant", designation_date="2024-02-01"
    )
    return user


def test_two_officials_saving_one_part_lose_nothing(client, world, in_review, colleague):
    from django.test import Client

    first, second = client, Client()
    first.force_login(world.users["official"])
    second.force_login(colleague)
    page_1 = first.get(_url(in_review, 3))
    page_2 = second.get(_url(in_review, 3))
    won = first.post(
        _url(in_review, 3), _post_data(page_1, part3__statutory_citations="PC 245", save="1")
    )
    assert won.status_code == 302
    lost = second.post(
        _url(in_review, 3),
        _post_data(
            page_2, part3__statutory_citations="PC 273.5", part3__injuries="Bruises", save="1"
        ),
    )
    # The second sees the page again, their answers kept, and the difference spelled out.
    assert lost.status_code == 200
    html = lost.content.decode()
    assert "Morgan Lee saved this part while you were working on it" in html
    form = lost.context["form"]
    assert form["part3__statutory_citations"].value() == "PC 273.5"
    assert form["part3__injuries"].value() == "Bruises"
    diff = {
        row["question"].keys[0]: (row["theirs"], row["mine"]) for row in lost.context["conflict"]
    }
    assert diff["part3.statutory_citations"] == ("PC 245", "PC 273.5")
    assert "part3.injuries" in diff
    assert review.completion_for(in_review).answers["part3.statutory_citations"] == "PC 245"
    # Saving again, now knowingly, wins.
    again = second.post(_url(in_review, 3), {**form.data, "save": "1"})
    assert again.status_code == 302
    assert review.completion_for(in_review).answers["part3.statutory_citations"] == "PC 273.5"


def test_the_service_refuses_a_stale_version(world, in_review):
    review.save_completion(
        in_review,
        actor=world.users["official"],
        answers={"part3.injuries": "A"},
        expected_version=1,
    )
    with pytest.raises(review.CompletionConflict):
        review.save_completion(
            in_review,
            actor=world.users["official"],
            answers={"part3.injuries": "B"},
            expected_version=1,
        )


def test_the_service_refuses_part_1_and_unknown_keys(world, in_review):
    from django.core.exceptions import ValidationError

    for key in ("victim.family_name", "made.up"):
        with pytest.raises(ValidationError):
            review.save_completion(
                in_review, actor=world.users["official"], answers={key: "X"}, expected_version=1
            )
