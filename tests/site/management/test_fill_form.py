import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from certify.records.models import SealedPdf
from forms.editions import get_edition
from forms.fill import read_back
from tests.support.workspace import assign_and_review, complete_everything
from workflows import decisions

I918B = get_edition("I-918B", None)


def field(values: dict[str, str], key: str) -> str:
    [spec] = I918B.by_key[key]
    return values[spec.pdf_name]


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"


def run(*argv: str) -> tuple[int, str, str]:
    """manage.py as a shell runs it: the exit status, standard output and standard error."""
    out, err = StringIO(), StringIO()
    import contextlib
    from unittest import mock

    from django.db import connections

    # run_from_argv closes every connection when the command ends, as a process would; the
    # test's transaction must keep its own (on PostgreSQL a closed one ends the test database).
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        mock.patch.object(connections, "close_all"),
    ):
        try:
            ManagementUtility(["manage.py", *argv]).execute()
        except SystemExit as exit_:
            return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def seals() -> list[tuple[int, str]]:
    return list(SealedPdf.objects.order_by("pk").values_list("pk", "kind"))


def test_it_writes_the_requesters_copy_with_part_1(world, tmp_path):
    out = tmp_path / "requester.pdf"
    call_command("fill_form", world.victim_request.reference, "--out", str(out), stdout=StringIO())
    values = read_back(out.read_bytes())
    assert field(values, "victim.family_name") == "Peña Núñez"
    assert field(values, "victim.given_name") == "José"
    assert field(values, "victim.date_of_birth") == "04/02/1990"
    assert field(values, "victim.a_number") in {"None", "N/A"}
    assert field(values, "agency.name") == "Agency A Police"
    assert not SealedPdf.objects.exists()


def test_the_officials_copy_is_the_officials_answers_and_is_not_sealed(world, tmp_path):
    req = assign_and_review(world)
    complete_everything(world, req)
    out = tmp_path / "official.pdf"
    status, stdout, _err = run("fill_form", req.reference, "--out", str(out), "--copy", "official")
    assert status == 0, _err
    values = read_back(out.read_bytes())
    assert field(values, "part3.statutory_citations") == "Cal. Penal Code 245(a)(1)"
    assert field(values, "official.family_name") == "Lee"
    assert "NOT THE OFFICIAL USCIS FORM" in stdout
    # Nothing is sealed until a signed copy is recorded.
    assert seals() == []
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert not SealedPdf.objects.filter(sha256=digest).exists()


def test_it_refuses_a_draft_exits_non_zero_and_seals_nothing(world, tmp_path):
    out = tmp_path / "draft.pdf"
    status, _out, err = run(
        "fill_form", world.draft.reference, "--out", str(out), "--copy", "official"
    )
    assert status == 1
    assert "Refused" in err and "draft" in err
    assert not out.exists() and seals() == []


def test_it_refuses_a_denied_request(world, tmp_path):
    req = assign_and_review(world)
    complete_everything(world, req)
    req.refresh_from_db()
    decisions.deny_request(
        req,
        actor=world.users["official"],
        reason="not_helpful",
        explanation="The records do not show the victim helped.",
        expected_version=req.version,
    )
    before = seals()
    assert [kind for _pk, kind in before] == ["denial_letter"]
    out = tmp_path / "denied.pdf"
    status, _out, err = run("fill_form", req.reference, "--out", str(out), "--copy", "official")
    assert status == 1 and "denied" in err
    assert not out.exists() and seals() == before


def test_it_refuses_while_a_required_item_is_blank_and_lists_each_one(world, tmp_path):
    req = assign_and_review(world)
    out = tmp_path / "blank.pdf"
    status, _out, err = run("fill_form", req.reference, "--out", str(out), "--copy", "official")
    assert status == 1
    assert "Refused" in err
    # Saved answers are the first thing missing; once saved, the blank items are listed.
    assert "has not saved the agency's answers" in err
    from workflows import review

    done = review.completion_for(req)
    review.save_completion(
        req,
        actor=world.users["official"],
        answers={"part3.statutory_citations": "Cal. Penal Code 245"},
        expected_version=done.version,
    )
    status, _out, err = run("fill_form", req.reference, "--out", str(out), "--copy", "official")
    assert status == 1
    assert "Blank: Page 1, Part 1, Item 5: Gender" in err
    assert "Blank: Page 2, Part 3, Item 6" not in err  # the narrative is English: prefilled
    assert "Blank: Page 3, Part 4, Item 1" in err
    assert "required item(s) blank" in err
    assert not out.exists() and seals() == []


def test_production_refuses_the_stand_in_and_says_how_to_install(world, tmp_path, settings):
    settings.FORMS_ALLOW_STANDIN = False
    req = assign_and_review(world)
    complete_everything(world, req)
    out = tmp_path / "prod.pdf"
    status, _out, err = run("fill_form", req.reference, "--out", str(out), "--copy", "official")
    assert status == 1
    assert "manage.py install_form_edition PATH" in err
    assert not out.exists()


def test_a_name_the_font_cannot_print_is_refused_and_named(world, tmp_path):
    req = world.victim_request
    req.family_name = "حداد"
    req.save(update_fields=["family_name"])
    out = tmp_path / "arabic.pdf"
    status, _out, err = run("fill_form", req.reference, "--out", str(out))
    assert status == 1
    assert "Page 1, Part 1, Item 2.a: Family Name (Last Name)" in err
    assert "the form's font cannot print 'حدا'" in err
    assert not out.exists()


def test_an_unknown_reference_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No request has the reference"):
        call_command("fill_form", "U-NOPE-NOPE", "--out", str(tmp_path / "x.pdf"))


def test_filling_from_the_command_line_writes_an_audit_entry(world, tmp_path):
    from certify.records.models import AuditEntry

    reference = world.victim_request.reference
    call_command("fill_form", reference, "--out", str(tmp_path / "x.pdf"), stdout=StringIO())
    entry = AuditEntry.objects.filter(request_reference=reference, action="export").get()
    assert entry.actor_id is None
    assert entry.actor_label == "command: fill_form"
    assert "requester" in entry.detail
