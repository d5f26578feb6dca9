"""Checking an official USCIS PDF against an edition's field map, and installing it.

The official files cannot be bundled, so each installation registers its own copy
. The check is what keeps a re-issued or mislabelled file from
being filled by a map that does not describe it: missing and unknown fields, field kinds, each
checkbox's on-state read from its /AP /N dictionary, the page count that Part 7 references rely
on, and the tooltips (/TU) that can confirm which box means which answer.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import cast

from pypdf.generic import DictionaryObject

from forms.editions import Edition, FieldSpec, Kind, all_editions
from forms.models import InstalledEdition
from forms.templates import (
    Template,
    TemplateError,
    checkbox_on_states,
    iter_widgets,
    open_pdf,
    prepare_template,
    sha256_hex,
    standin_template,
)

_PDF_KIND = {
    Kind.TEXT: {"/Tx"},
    Kind.DATE: {"/Tx"},
    Kind.SIGNATURE: {"/Tx", "/Sig"},
    Kind.CHECKBOX: {"/Btn"},
    Kind.CHOICE: {"/Ch"},
}
RADIO = 1 << 15
PUSHBUTTON = 1 << 16


@dataclass(frozen=True, slots=True)
class TooltipFinding:
    pdf_name: str
    expected: str
    tooltip: str
    # "confirmed": the tooltip names the expected answer; "contradicted": it names another
    # answer of the same item; "inconclusive": neither or both.
    verdict: str


@dataclass(slots=True)
class EditionCheckReport:
    form: str
    edition: str
    sha256: str
    page_count: int = 0
    expected_page_count: int = 0
    field_count: int = 0
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    kind_mismatches: list[str] = field(default_factory=list)
    checkbox_states: dict[str, list[str]] = field(default_factory=dict)
    checkbox_problems: list[str] = field(default_factory=list)
    tooltips: list[TooltipFinding] = field(default_factory=list)
    unconfirmed_without_tooltip: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreadable: str | None = None

    @property
    def contradictions(self) -> list[TooltipFinding]:
        return [t for t in self.tooltips if t.verdict == "contradicted"]

    @property
    def ok(self) -> bool:
        return not (
            self.unreadable
            or self.missing
            or self.unknown
            or self.kind_mismatches
            or self.checkbox_problems
            or self.contradictions
            or self.page_count != self.expected_page_count
        )

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["ok"] = self.ok
        return data

    def lines(self) -> list[str]:
        head = "matches" if self.ok else "DOES NOT MATCH"
        out = [
            f"{self.form} edition {self.edition}: the file {head} the field map",
            f"  SHA-256: {self.sha256}",
        ]
        if self.unreadable:
            return [*out, f"  cannot read the file: {self.unreadable}"]
        out.append(
            f"  pages: {self.page_count} (map: {self.expected_page_count}); "
            f"fields: {self.field_count}"
        )
        sections: list[tuple[str, list[str]]] = [
            ("fields the map expects but the file lacks", self.missing),
            ("fields in the file the map does not know", self.unknown),
            ("fields of the wrong kind", self.kind_mismatches),
            ("checkbox problems", self.checkbox_problems),
            (
                "tooltips that contradict the map",
                [
                    f"{t.pdf_name}: map says {t.expected!r}, tooltip {t.tooltip!r}"
                    for t in self.contradictions
                ],
            ),
            (
                "unconfirmed rows the file's tooltips confirm",
                [t.pdf_name for t in self.tooltips if t.verdict == "confirmed"],
            ),
            ("unconfirmed rows with no tooltip to check", self.unconfirmed_without_tooltip),
            ("notes", self.notes),
        ]
        for title, items in sections:
            if items:
                out.append(f"  {title} ({len(items)}):")
                out.extend(f"    - {item}" for item in items)
        return out


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def _tooltip_verdict(spec: FieldSpec, tooltip: str, siblings: list[FieldSpec]) -> str:
    haystack = _words(tooltip)
    named = {s.label for s in siblings if _words(s.label) in haystack}
    if named == {spec.label}:
        return "confirmed"
    if named and spec.label not in named:
        return "contradicted"
    return "inconclusive"


def check_edition_file(data: bytes, edition: Edition) -> EditionCheckReport:
    """Compare a PDF with the field map of ``edition``; never raises for a bad file."""
    report = EditionCheckReport(
        form=edition.form,
        edition=edition.edition,
        sha256=sha256_hex(data),
        expected_page_count=edition.page_count,
    )
    try:
        reader = open_pdf(data)
        widgets = list(iter_widgets(reader))
        report.page_count = len(reader.pages)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a report, not a crash
        report.unreadable = f"{type(exc).__name__}: {exc}"
        return report

    found: dict[str, list[tuple[str, int, str]]] = {}
    for _page, annot, name in widgets:
        node = annot
        field_type = annot.get("/FT")
        flags = annot.get("/Ff")
        tooltip = annot.get("/TU")
        while (field_type is None or tooltip is None or flags is None) and "/Parent" in node:
            node = cast(DictionaryObject, node["/Parent"].get_object())
            field_type = field_type or node.get("/FT")
            tooltip = tooltip or node.get("/TU")
            flags = flags if flags is not None else node.get("/Ff")
        states = list(checkbox_on_states(annot)) if field_type == "/Btn" else []
        found.setdefault(name, []).append((str(field_type), int(flags or 0), str(tooltip or "")))
        if field_type == "/Btn":
            report.checkbox_states.setdefault(name, []).extend(states)
    report.field_count = len(found)

    expected = edition.by_pdf_name
    report.missing = sorted(set(expected) - set(found))
    report.unknown = sorted(set(found) - set(expected))
    if edition.official_sha256 and edition.official_sha256 != report.sha256:
        report.notes.append(
            f"the map was confirmed against a file with SHA-256 {edition.official_sha256}"
        )

    for name, spec in expected.items():
        if name not in found:
            continue
        kinds = {k for k, _flags, _tu in found[name]}
        flags = found[name][0][1]
        if not kinds <= _PDF_KIND[spec.kind]:
            report.kind_mismatches.append(f"{name}: map {spec.kind.value}, file {sorted(kinds)}")
            continue
        if spec.kind is Kind.CHECKBOX:
            if flags & (RADIO | PUSHBUTTON):
                report.kind_mismatches.append(f"{name}: a radio or push button, not a checkbox")
                continue
            _check_box(report, edition, spec, found[name])
    if any("NOT THE OFFICIAL USCIS FORM" in str(v) for v in (reader.metadata or {}).values()):
        report.notes.append("the file describes itself as a stand-in, not the official form")
    return report


def _check_box(
    report: EditionCheckReport,
    edition: Edition,
    spec: FieldSpec,
    widgets: list[tuple[str, int, str]],
) -> None:
    name = spec.pdf_name
    states = report.checkbox_states.get(name, [])
    if len(widgets) != 1:
        report.checkbox_problems.append(f"{name}: {len(widgets)} widgets, the map expects one")
    if len(states) != 1:
        report.checkbox_problems.append(
            f"{name}: needs exactly one on-state in /AP /N, found {states or 'none'}"
        )
    elif spec.on_state and states[0] != spec.on_state:
        report.checkbox_problems.append(
            f"{name}: on-state {states[0]}, the map expects {spec.on_state}"
        )
    tooltip = widgets[0][2]
    if spec.confirmed:
        return
    if not tooltip:
        report.unconfirmed_without_tooltip.append(name)
        return
    siblings = [
        s
        for s in edition.fields
        if s.kind is Kind.CHECKBOX and s.part == spec.part and s.item == spec.item
    ]
    report.tooltips.append(
        TooltipFinding(name, spec.label, tooltip, _tooltip_verdict(spec, tooltip, siblings))
    )


# --------------------------------------------------------------------------------------------
# Installing
# --------------------------------------------------------------------------------------------


class EditionMismatch(Exception):
    def __init__(self, report: EditionCheckReport) -> None:
        super().__init__("\n".join(report.lines()))
        self.report = report


def editions_dir() -> Path:
    from django.conf import settings

    return Path(settings.PRIVATE_STORAGE_DIR) / "editions"


def install_edition(path: Path, edition: Edition) -> tuple[object, EditionCheckReport]:
    """Check ``path`` against ``edition``, copy it to private storage and record it."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    data = path.read_bytes()
    report = check_edition_file(data, edition)
    if not report.ok:
        raise EditionMismatch(report)
    # Fails now rather than at the first fill if pypdf cannot prepare the file.
    prepare_template(data, edition, is_official=True)
    target_dir = editions_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{edition.slug}-{report.sha256[:16]}.pdf"
    shutil.copyfile(path, target)
    stored = target.relative_to(Path(settings.PRIVATE_STORAGE_DIR)).as_posix()
    with transaction.atomic():
        row, _created = InstalledEdition.objects.update_or_create(
            form=edition.form,
            edition=edition.edition,
            defaults={
                "sha256": report.sha256,
                "stored_path": stored,
                "installed_at": timezone.now(),
                "report": report.as_json(),
            },
        )
    return row, report


@cache
def _official_template(slug: str, sha256: str, stored_path: str) -> Template:
    from django.conf import settings

    edition = next(e for e in all_editions() if e.slug == slug)
    data = (Path(settings.PRIVATE_STORAGE_DIR) / stored_path).read_bytes()
    if sha256_hex(data) != sha256:
        raise TemplateError(
            f"{stored_path} changed since it was installed; run install_form_edition again"
        )
    return prepare_template(data, edition, is_official=True)


def installed_template(edition: Edition) -> Template | None:
    """The installed official template, or None. One cheap query; parsing is cached by hash."""
    row = (
        InstalledEdition.objects.filter(form=edition.form, edition=edition.edition)
        .values_list("sha256", "stored_path")
        .first()
    )
    if row is None:
        return None
    return _official_template(edition.slug, row[0], row[1])


def resolve_template(edition: Edition) -> Template:
    """The installed official file of ``edition`` if there is one, else its stand-in."""
    return installed_template(edition) or standin_template(edition)
