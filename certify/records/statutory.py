"""State reports on certification requests: one format per state law that asks for one.

Every format names its law and cites it: the statute's section and the official page of its
text (a legislature's or a state agency's site, never a summary). No format carries personal
data: counts per agency, or for Illinois one row per request with dates only, numbered 1, 2,
3... within the report. The request's reference is not used there: the victim and the advocate
hold it, so it would tie a row of a report to a person.

Counting follows certify.records.figures: a request is *requested* in the period it was received,
*signed* or *denied* in the period of its latest decision, *withdrawn* in the period it was
withdrawn; *pending* is received in the period and still undecided when the report is made.

Denial reasons (Colorado, Oregon, Nevada) come from the reason code the official chooses when
denying (CertificationRequest.denial_reason). The written reasons are free text, encrypted, and
stay out of reports; a denial without a code is reported as not recorded in coded form.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TypeAlias

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certify.records import figures
from certify.records.figures import CERTIFIED_STATUSES, DENIED_STATUSES, Period, RequestDates
from certify.records.models import Agency, DenialReason

CALENDAR = "calendar"
FISCAL_JULY = "fiscal_july"

# One line of a report: column key to a number, a date, text or nothing.
Row: TypeAlias = dict[str, object]


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation


@dataclass(frozen=True)
class StateFormat:
    state: str
    title: object
    recipient: object
    due: object
    law: str
    sources: tuple[str, ...]
    period_kind: str
    # False where the law read does not say which twelve months the report covers.
    period_confirmed: bool
    # The first reporting year under the law; earlier years are refused.
    first_year: int
    columns: tuple[Column, ...]
    build: Callable[[StateFormat, Period, list[Agency]], list[Row]]
    notes: tuple[object, ...] = ()

    def period(self, year: int) -> Period:
        if self.period_kind == FISCAL_JULY:
            return Period.fiscal_year_july(year)
        return Period.calendar_year(year)

    def period_label(self, year: int) -> str:
        if self.period_kind == FISCAL_JULY:
            return str(_("fiscal year %(year)s (July to June)") % {"year": year})
        return str(_("calendar year %(year)s") % {"year": year})


@dataclass
class Report:
    format: StateFormat
    year: int
    period: Period
    agencies: list[Agency]
    rows: list[Row]
    made_on: date = field(default_factory=lambda: timezone.localdate())

    @property
    def table(self) -> list[list[object]]:
        """The rows as lists in column order, for the printable page."""
        return [[row.get(c.key, "") for c in self.format.columns] for row in self.rows]

    @property
    def period_is_over(self) -> bool:
        return self.period.end < self.made_on

    def csv(self) -> str:
        """The report as CSV, headed in English: it goes to a state office."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        with translation.override("en"):
            writer.writerow(
                ["Period start", "Period end"] + [str(c.label) for c in self.format.columns]
            )
            for row in self.rows:
                writer.writerow(
                    [self.period.start.isoformat(), self.period.end.isoformat()]
                    + [csv_cell(row.get(c.key)) for c in self.format.columns]
                )
        return buffer.getvalue()


def csv_cell(value: object) -> str:
    """A cell safe to open in a spreadsheet: text starting with =, +, -, @ (a formula) gets a
    leading apostrophe. Agency and official names are typed by people, so they could."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


class ReportError(ValueError):
    """Bad input for a report, with a message fit to show."""


# --- builders -------------------------------------------------------------------------------

NOT_CODED = _("not recorded in coded form")


def _counts(period: Period, agencies: list[Agency]) -> list[tuple[Agency, dict[str, int]]]:
    """Counts for each agency, zeros included: a report lists an agency with no requests."""
    found = figures.counts_by_agency(period, agencies)
    empty = figures.merge_forms([], figures.period_count_expressions(period))
    return [(agency, found.get(agency.pk, empty)) for agency in agencies]


def _build_california(fmt: StateFormat, period: Period, agencies: list[Agency]) -> list[Row]:
    rows: list[Row] = []
    # Penal Code 679.10 (U) reports from 2017, 679.11 (T) from 2018.
    forms = [("U", "_u")] + ([("T", "_t")] if period.end.year >= 2018 else [])
    for agency, counts in _counts(period, agencies):
        for form, suffix in forms:
            rows.append(
                {
                    "agency": agency.name,
                    "form": form,
                    "requested": counts[f"received{suffix}"],
                    "signed": counts[f"certified{suffix}"],
                    "denied": counts[f"denied{suffix}"],
                }
            )
    return rows


def _build_washington(fmt: StateFormat, period: Period, agencies: list[Agency]) -> list[Row]:
    return [
        {
            "agency": agency.name,
            "requested": counts["received"],
            "signed": counts["certified"],
            "denied": counts["denied"],
            "withdrawn": counts["withdrawn"],
        }
        for agency, counts in _counts(period, agencies)
    ]


def _build_illinois(fmt: StateFormat, period: Period, agencies: list[Agency]) -> list[Row]:
    by_agency: dict[int, list[RequestDates]] = {}
    for dates in figures.request_dates(period, agencies):
        by_agency.setdefault(dates["agency_id"], []).append(dates)
    rows: list[Row] = []
    for agency in agencies:
        requests = by_agency.get(agency.pk, [])
        if not requests:
            # 5 ILCS 825/20: an agency with no requests reports "none".
            rows.append({"agency": agency.name, "number": "none"})
            continue
        for number, row in enumerate(requests, start=1):
            decided = row["decided_on"] if row["status"] in _DECIDED else None
            rows.append(
                {
                    "agency": agency.name,
                    "number": number,
                    "form": row["form"],
                    "received_on": row["received_on"],
                    "decided_on": decided,
                    "decision": _decision(row["status"]) if decided else "",
                }
            )
    return rows


_DECIDED = frozenset(CERTIFIED_STATUSES) | frozenset(DENIED_STATUSES)


def _decision(status: str) -> str:
    if status in CERTIFIED_STATUSES:
        return str(_("certification signed"))
    return str(_("written denial"))


def _reasons(by_code: dict[str, int]) -> str:
    """ "Reason: count" pairs, most frequent first; uncoded denials last."""
    labels = dict(DenialReason.choices)
    coded = sorted(
        ((labels.get(code, code), n) for code, n in by_code.items() if code),
        key=lambda pair: (-pair[1], str(pair[0])),
    )
    parts = [f"{label}: {n}" for label, n in coded]
    if by_code.get(""):
        parts.append(f"{NOT_CODED}: {by_code['']}")
    return "; ".join(parts)


def _with_reasons(
    period: Period, agencies: list[Agency]
) -> Iterator[tuple[Agency, dict[str, int], str]]:
    reasons = figures.denial_reasons_by_agency(period, agencies)
    for agency, counts in _counts(period, agencies):
        yield agency, counts, _reasons(reasons.get(agency.pk, {}))


def _build_colorado(fmt: StateFormat, period: Period, agencies: list[Agency]) -> list[Row]:
    return [
        {
            "agency": agency.name,
            "total": counts["received"],
            "approved": counts["certified"],
            "denied": counts["denied"],
            "denial_reasons": reasons,
            "outside_timeframe": counts["late"],
        }
        for agency, counts, reasons in _with_reasons(period, agencies)
    ]


def _build_oregon(fmt: StateFormat, period: Period, agencies: list[Agency]) -> list[Row]:
    return [
        {
            "agency": agency.name,
            "received": counts["received"],
            "approved": counts["certified"],
            "denied": counts["denied"],
            "denial_reasons": reasons,
            "pending": counts["pending"],
        }
        for agency, counts, reasons in _with_reasons(period, agencies)
    ]


def _build_nevada(fmt: StateFormat, period: Period, agencies: list[Agency]) -> list[Row]:
    return [
        {
            "agency": agency.name,
            "requests": counts["received"],
            "completed": counts["certified"],
            "denied": counts["denied"],
            "denial_reasons": reasons,
        }
        for agency, counts, reasons in _with_reasons(period, agencies)
    ]


def _build_massachusetts(fmt: StateFormat, period: Period, agencies: list[Agency]) -> list[Row]:
    return [
        {
            "agency": agency.name,
            "requested": counts["received"],
            "signed": counts["certified"],
            "denied": counts["denied"],
        }
        for agency, counts in _counts(period, agencies)
    ]


AGENCY = Column("agency", _("Agency"))
DENIED = Column("denied", pgettext_lazy("number of requests", "Denied"))
DENIAL_REASONS = Column("denial_reasons", _("Denial reasons"))

FORMATS: dict[str, StateFormat] = {
    fmt.state: fmt
    for fmt in (
        StateFormat(
            state="CA",
            title=_("California: U and T visa certification report"),
            recipient=_("the Legislature"),
            due=_("yearly"),
            law="Cal. Penal Code 679.10 (U) and 679.11 (T)",
            sources=(
                "Cal. Penal Code 679.10 and 679.11",
                "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=PEN&sectionNum=679.10",
                "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=PEN&sectionNum=679.11",
            ),
            period_kind=CALENDAR,
            period_confirmed=False,
            first_year=2017,
            columns=(
                AGENCY,
                Column("form", _("Certification")),
                Column("requested", _("Requested")),
                Column("signed", _("Approved (signed)")),
                DENIED,
            ),
            build=_build_california,
            notes=(
                _("U visa figures from 2017, T visa figures from 2018."),
                _("The law read does not say which twelve months; the calendar year is used."),
            ),
        ),
        StateFormat(
            state="WA",
            title=_("Washington: report to Commerce (Office of Crime Victims Advocacy)"),
            recipient=_("the Department of Commerce, Office of Crime Victims Advocacy"),
            due=_("by 15 August"),
            law="RCW 7.98.020(6)(c)",
            sources=(
                "RCW 7.98.020",
                "https://app.leg.wa.gov/RCW/default.aspx?cite=7.98.020",
            ),
            period_kind=FISCAL_JULY,
            period_confirmed=True,
            first_year=2019,
            columns=(
                AGENCY,
                Column("requested", _("Requested")),
                Column("signed", _("Signed")),
                DENIED,
                Column("withdrawn", _("Withdrawn")),
            ),
            build=_build_washington,
            notes=(_("State fiscal year: FY2026 runs from 1 July 2025 to 30 June 2026."),),
        ),
        StateFormat(
            state="IL",
            title=_("Illinois: VOICES Act report to the Attorney General"),
            recipient=_("the Attorney General"),
            due=_("yearly"),
            law="5 ILCS 825/20",
            sources=(
                "5 ILCS 825/20",
                "https://www.ilga.gov/legislation/ilcs/documents/000508250K20.htm",
            ),
            period_kind=CALENDAR,
            period_confirmed=False,
            first_year=2019,
            columns=(
                AGENCY,
                Column("number", _("Request number")),
                Column("form", _("Certification")),
                Column("received_on", _("Date received")),
                Column("decided_on", _("Date form or written denial provided")),
                Column("decision", _("Decision")),
            ),
            build=_build_illinois,
            notes=(
                _(
                    "No names or other personal data. Requests are numbered within this report; "
                    "the request reference is left out because the requester holds it."
                ),
                _("Lists every request received or decided in the period."),
                _("An agency with no requests reports “none”."),
                _("The law read does not say which twelve months; the calendar year is used."),
            ),
        ),
        StateFormat(
            state="CO",
            title=_("Colorado: report to the Division of Criminal Justice"),
            recipient=_("the Division of Criminal Justice, Office of Research and Statistics"),
            due=_("by 1 March"),
            law="C.R.S. 24-4.1-401 to -406 (HB21-1060)",
            sources=(
                "C.R.S. 24-4.1-401 to -406 (HB21-1060)",
                "https://leg.colorado.gov/bills/hb21-1060",
            ),
            period_kind=CALENDAR,
            period_confirmed=False,
            first_year=2021,
            columns=(
                AGENCY,
                Column("total", _("Total requests")),
                Column("approved", _("Approved")),
                DENIED,
                DENIAL_REASONS,
                Column("outside_timeframe", _("Decided outside the statutory timeframe")),
            ),
            build=_build_colorado,
            notes=(_("The law read does not say which twelve months; the calendar year is used."),),
        ),
        StateFormat(
            state="OR",
            title=_("Oregon: report to the Criminal Justice Commission"),
            recipient=_("the Criminal Justice Commission"),
            due=_("yearly"),
            law="ORS 147.620 (SB 962, 2019; SB 597, 2023)",
            sources=(
                "ORS 147.620",
                "https://www.oregonlegislature.gov/bills_laws/ors/ors147.html",
                "https://www.oregon.gov/cjc/Pages/u-visa.aspx",
            ),
            period_kind=CALENDAR,
            period_confirmed=False,
            first_year=2023,
            columns=(
                AGENCY,
                Column("received", _("Received")),
                Column("approved", _("Approved")),
                DENIED,
                Column("denial_reasons", _("Primary denial reasons")),
                Column("pending", _("Pending")),
            ),
            build=_build_oregon,
            notes=(
                _("Pending: received in the period and still undecided on the day of the report."),
                _("The law read does not say which twelve months; the calendar year is used."),
            ),
        ),
        StateFormat(
            state="NV",
            title=_("Nevada: report to the Legislative Counsel Bureau"),
            recipient=_("the Legislative Counsel Bureau, for the Legislature"),
            due=_("by 1 January"),
            law="NRS 217.590",
            sources=(
                "NRS 217.590",
                "https://www.leg.state.nv.us/NRS/NRS-217.html",
            ),
            period_kind=CALENDAR,
            period_confirmed=False,
            first_year=2019,
            columns=(
                AGENCY,
                Column("requests", _("Requests")),
                Column("completed", _("Completed (signed)")),
                DENIED,
                DENIAL_REASONS,
            ),
            build=_build_nevada,
            notes=(
                _("“Completed” is read as certifications signed."),
                _("The law read does not say which twelve months; the calendar year is used."),
            ),
        ),
        StateFormat(
            state="MA",
            title=_("Massachusetts: report to the Executive Office of Public Safety and Security"),
            recipient=_("the Executive Office of Public Safety and Security"),
            due=_("by 1 February"),
            law="G.L. c. 258F, § 4",
            sources=(
                "G.L. c. 258F, § 4",
                "https://malegislature.gov/Laws/GeneralLaws/PartIII/TitleIV/Chapter258F/Section4",
            ),
            period_kind=CALENDAR,
            period_confirmed=False,
            first_year=2021,
            columns=(
                AGENCY,
                Column("requested", _("Requested")),
                Column("signed", _("Signed")),
                DENIED,
            ),
            build=_build_massachusetts,
            notes=(
                _("No personal data."),
                _("The law read does not say which twelve months; the calendar year is used."),
            ),
        ),
    )
}


def make_report(state: str, year: int, *, agency: Agency | None = None) -> Report:
    """The report for `state`'s format and `year`, for one agency or every agency of the state."""
    fmt = FORMATS.get((state or "").upper())
    if fmt is None:
        raise ReportError(
            _("There is no report format for %(state)s. Formats exist for %(states)s.")
            % {"state": state, "states": ", ".join(FORMATS)}
        )
    today = timezone.localdate()
    # The latest period that has begun: a fiscal year from July is named by the year it ends.
    last_year = today.year
    if fmt.period_kind == FISCAL_JULY and today.month >= 7:
        last_year += 1
    if not fmt.first_year <= year <= last_year:
        raise ReportError(
            _("Choose a year from %(first)s to %(last)s for %(state)s.")
            % {"first": fmt.first_year, "last": last_year, "state": fmt.state}
        )
    period = fmt.period(year)
    if agency is not None:
        agencies = [agency]
    else:
        agencies = list(Agency.objects.filter(state=fmt.state).order_by("name", "pk"))
        if not agencies:
            raise ReportError(_("No agency in %(state)s is registered.") % {"state": fmt.state})
    return Report(
        format=fmt,
        year=year,
        period=period,
        agencies=agencies,
        rows=fmt.build(fmt, period, agencies),
    )
