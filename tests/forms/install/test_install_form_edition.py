from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from forms.editions import Edition, get_edition
from forms.fill import fill, read_back
from forms.install import check_edition_file
from forms.models import InstalledEdition
from forms.standin import build_standin, standin_bytes
from forms.templates import sha256_hex


@pytest.fixture
def private_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


def _variant(edition: Edition, **renames: str) -> Edition:
    """The edition with some rows' PDF names or labels changed, to draw a mismatched file."""
    rows = []
    for spec in edition.fields:
        change = renames.get(spec.pdf_name)
        if change is None:
            rows.append(spec)
        elif change.startswith("form1[0]."):
            rows.append(dataclasses.replace(spec, pdf_name=change))
        else:
            rows.append(dataclasses.replace(spec, label=change))
    return dataclasses.replace(edition, fields=tuple(rows))


@pytest.mark.django_db
def test_a_matching_file_is_installed_and_used_for_fills(
    private_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edition = get_edition("I-918B")
    official = tmp_path / "i-918supb.pdf"
    official.write_bytes(standin_bytes(edition))

    call_command("install_form_edition", str(official), "--form", "I-918B", "--edition", "01/20/25")

    row = InstalledEdition.objects.get(form="I-918B", edition="01/20/25")
    assert row.sha256 == sha256_hex(official.read_bytes())
    stored = private_dir / row.stored_path
    assert stored.parent == private_dir / "editions"
    assert stored.read_bytes() == official.read_bytes()
    assert row.report["ok"] is True and row.report["field_count"] == 133
    assert "matches the field map" in capsys.readouterr().out
    result = fill(edition, {"victim.family_name": "Doe"}, copy="requester")
    assert result.is_official_template and result.template_sha256 == row.sha256
    assert read_back(result.data)["form1[0].#subform[0].Pt1Line2a_FamilyName[0]"] == "Doe"


@pytest.mark.django_db
def test_without_an_installed_file_fills_use_the_standin(private_dir: Path) -> None:
    result = fill(get_edition("I-914B"), {"victim.family_name": "Doe"}, copy="requester")
    assert not result.is_official_template


@pytest.mark.django_db
def test_a_file_with_a_renamed_and_a_removed_field_is_refused(
    private_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edition = get_edition("I-918B")
    renamed = "form1[0].#subform[0].Pt1Line2a_FamilyName[0]"
    removed = "form1[0].#subform[1].Part3_Line3_Citations[0]"
    variant = _variant(edition, **{renamed: "form1[0].#subform[0].Pt1Line2a_LastName[0]"})
    variant = dataclasses.replace(
        variant, fields=tuple(s for s in variant.fields if s.pdf_name != removed)
    )
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(build_standin(variant))

    with pytest.raises(CommandError, match="does not match"):
        call_command("install_form_edition", str(bad))

    err = capsys.readouterr().err
    assert "DOES NOT MATCH" in err and renamed in err and removed in err
    assert "form1[0].#subform[0].Pt1Line2a_LastName[0]" in err
    assert not InstalledEdition.objects.exists()
    assert not (private_dir / "editions").exists()


def test_a_checkbox_with_another_on_state_than_the_map_expects_is_a_mismatch() -> None:
    edition = get_edition("I-918B")
    box = "form1[0].#subform[1].Part3_Line1_checkboxes[21]"
    pinned = dataclasses.replace(
        edition,
        fields=tuple(
            dataclasses.replace(s, on_state="/1") if s.pdf_name == box else s
            for s in edition.fields
        ),
    )
    matching = build_standin(pinned)
    assert check_edition_file(matching, pinned).ok

    other = build_standin(pinned, on_state_overrides={box: "/Z"})
    report = check_edition_file(other, pinned)
    assert not report.ok
    assert report.checkbox_states[box] == ["/Z"]
    assert report.checkbox_problems == [f"{box}: on-state /Z, the map expects /1"]


def test_tooltips_that_name_another_crime_contradict_the_map() -> None:
    edition = get_edition("I-918B")
    first = "form1[0].#subform[1].Part3_Line1_checkboxes[0]"
    second = "form1[0].#subform[1].Part3_Line1_checkboxes[1]"
    # A file whose first two boxes are Abusive Sexual Contact and Abduction, the other way round.
    swapped = _variant(edition, **{first: "Abusive Sexual Contact", second: "Abduction"})
    report = check_edition_file(build_standin(swapped), edition)
    assert not report.ok
    assert {t.pdf_name for t in report.contradictions} == {first, second}
    assert "tooltips that contradict the map" in "\n".join(report.lines())


def test_the_wrong_forms_file_is_reported_not_raised() -> None:
    report = check_edition_file(standin_bytes(get_edition("I-914B")), get_edition("I-918B"))
    assert not report.ok
    assert len(report.missing) == 133 and report.page_count == 4
    assert check_edition_file(b"not a pdf", get_edition("I-918B")).unreadable
