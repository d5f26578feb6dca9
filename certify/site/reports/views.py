"""The lead's dashboard, the statutory reports and the public statistics.

Views only read: figures come from certify.records.figures, formats from statutory. Exports by
agency staff leave an audit entry (what and for which period, never any request's content).
"""

import csv
import io
from typing import Any, cast

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certify.records import audit, figures, statutory
from certify.records.models import US_STATES, Agency, AuditEntry, CertificationRequest
from certify.site.access import SignedInRequest, public, requires
from certify.site.reports import charts
from certify.site.reports.forms import DashboardFilterForm, StatsFilterForm, StatutoryYearForm

STATE_NAMES = dict(US_STATES)
FORM_CHOICES = dict(CertificationRequest.Form.choices)


# The agency a report page is about, kept on the request: the permission check and the view
# share one read.
_AGENCY_ATTRIBUTE = "_report_agency"


def _agency(request: HttpRequest, slug: str, **kwargs: object) -> Agency:
    agency = getattr(request, _AGENCY_ATTRIBUTE, None)
    if not isinstance(agency, Agency) or agency.slug != slug:
        agency = get_object_or_404(Agency, slug=slug)
        setattr(request, _AGENCY_ATTRIBUTE, agency)
    return agency


def _csv_response(rows: list[list[object]], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([statutory.csv_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _bad_request_csv(form: forms.Form) -> HttpResponse:
    messages = [str(error) for errors in form.errors.values() for error in errors]
    return HttpResponse(
        "\n".join(messages) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


# --- dashboard --------------------------------------------------------------------------------


def _dashboard_charts(board: figures.Dashboard) -> dict[str, charts.BarChart]:
    month_labels = [
        (
            formats.date_format(m.month, "M"),
            str(m.month.year) if index == 0 or m.month.month == 1 else "",
        )
        for index, m in enumerate(board.months)
    ]
    backlog_labels = [_bucket_label(b) for b in board.backlog]
    return {
        "monthly": charts.bar_chart(
            "chart-monthly",
            _("Requests received and decided per month"),
            _(
                "Bar chart with two bars per month from %(start)s to %(end)s: requests received "
                "and requests decided. The table beside it gives the numbers."
            )
            % {
                "start": formats.date_format(board.period.start, "F Y"),
                "end": formats.date_format(board.period.end, "F Y"),
            },
            month_labels,
            [
                charts.Series(_("Received"), "series-a", [m.received for m in board.months]),
                charts.Series(_("Decided"), "series-b", [m.decided for m in board.months]),
            ],
        ),
        "backlog": charts.bar_chart(
            "chart-backlog",
            _("Open requests by days since received"),
            _(
                "Bar chart of open requests today, one bar per age group. The table beside it "
                "gives the numbers."
            ),
            backlog_labels,
            [charts.Series(_("Open requests"), "series-a", [b.count for b in board.backlog])],
        ),
    }


def _bucket_label(bucket: figures.BacklogBucket) -> str:
    if bucket.high is None:
        return _("over %(low)s days") % {"low": bucket.low - 1}
    return _("%(low)s–%(high)s days") % {"low": bucket.low, "high": bucket.high}


def _dashboard_filters(request: HttpRequest, agency: Agency) -> tuple[DashboardFilterForm, bool]:
    today = figures.local_today(agency.tz)
    # Always bound: no parameters at all means the default period, which is valid.
    form = DashboardFilterForm(request.GET, today=today)
    return form, form.is_valid()


@never_cache
@require_GET
@requires("certify.view_agency_figures", obj=_agency)
def dashboard(request: SignedInRequest, slug: str) -> HttpResponse:
    agency = _agency(request, slug)
    form, valid = _dashboard_filters(request, agency)
    context: dict[str, object] = {"agency": agency, "form": form}
    if valid:
        board = figures.dashboard(agency, form.cleaned_data["period"], form.cleaned_data["form"])
        context.update(
            board=board,
            charts=_dashboard_charts(board),
            form_label=FORM_CHOICES.get(board.form, _("U and T")),
            query=request.GET.urlencode(),
        )
    return render(request, "certify/reports/dashboard.html", context)


@never_cache
@require_GET
@requires("certify.view_agency_figures", obj=_agency)
def dashboard_csv(request: SignedInRequest, slug: str) -> HttpResponse:
    agency = _agency(request, slug)
    form, valid = _dashboard_filters(request, agency)
    if not valid:
        return _bad_request_csv(form)
    board = figures.dashboard(agency, form.cleaned_data["period"], form.cleaned_data["form"])
    audit.record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=agency,
        detail=f"dashboard {board.period.start}..{board.period.end} {board.form or 'U+T'}",
        http_request=request,
    )
    return _csv_response(
        dashboard_rows(board), f"{agency.slug}-figures-{board.period.start}-{board.period.end}.csv"
    )


def dashboard_rows(board: figures.Dashboard) -> list[list[object]]:
    """The dashboard's figures as (section, item, value) rows, in English for spreadsheets."""
    t = board.totals
    rows: list[list[object]] = [["section", "item", "value"]]
    rows += [
        ["period", "agency", board.agency.name],
        ["period", "start", board.period.start],
        ["period", "end", board.period.end],
        ["period", "certification", board.form or "U and T"],
        ["period", "as_of", board.today],
    ]
    for name in ("received", "decided", "certified", "denied", "withdrawn", "appealed"):
        for suffix, label in (("_u", "U"), ("_t", "T"), ("", "total")):
            rows.append(["totals", f"{name} {label}", t[f"{name}{suffix}"]])
    rows += [
        ["timeliness", "decided with a due date", t["decided_with_due"]],
        ["timeliness", "decided on time", t["on_time"]],
        ["timeliness", "decided late", t["late"]],
        ["timeliness", "share on time", _fraction(board.share_on_time)],
        ["timeliness", "median days to decision", _number(board.median_days)],
        ["timeliness", "90th percentile days to decision", _number(board.p90_days)],
    ]
    for month in board.months:
        rows.append(["received per month", month.month.strftime("%Y-%m"), month.received])
        rows.append(["decided per month", month.month.strftime("%Y-%m"), month.decided])
    for bucket in board.backlog:
        span = f"{bucket.low}+" if bucket.high is None else f"{bucket.low}-{bucket.high}"
        rows.append(["open by days since received", span, bucket.count])
    rows += [
        ["backlog", "open", board.open_total],
        ["backlog", "overdue", board.overdue_total],
    ]
    for official in board.officials:
        rows.append(["open per official", official.name, official.open])
        rows.append(["decided per official", official.name, official.decided])
    return rows


def _fraction(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


# --- statutory reports ------------------------------------------------------------------------


@never_cache
@require_GET
@requires("certify.view_agency_figures", obj=_agency)
def statutory_index(request: SignedInRequest, slug: str) -> HttpResponse:
    agency = _agency(request, slug)
    today = timezone.localdate()
    initial_year = today.year - 1
    form = StatutoryYearForm(request.GET or {"year": initial_year}, today=today)
    year = form.cleaned_data["year"] if form.is_valid() else None
    # Only the agency's own state's law binds it: other states' formats are no business of its.
    entries = [
        {
            "format": fmt,
            "state_name": STATE_NAMES[fmt.state],
            "available": year is not None and year >= fmt.first_year,
            "period": fmt.period(year) if year else None,
        }
        for fmt in statutory.FORMATS.values()
        if fmt.state == agency.state
    ]
    return render(
        request,
        "certify/reports/statutory_index.html",
        {"agency": agency, "form": form, "year": year, "entries": entries},
    )


def _report_or_error(
    agency: Agency, state: str, year: int
) -> tuple[statutory.Report, None] | tuple[None, str]:
    if state != agency.state:
        raise Http404
    try:
        return statutory.make_report(state, year, agency=agency), None
    except statutory.ReportError as error:
        return None, str(error)


@never_cache
@require_GET
@requires("certify.view_agency_figures", obj=_agency)
def statutory_report(request: SignedInRequest, slug: str, state: str, year: int) -> HttpResponse:
    agency = _agency(request, slug)
    report, error = _report_or_error(agency, state, year)
    if report is None:
        return render(
            request,
            "certify/reports/statutory_error.html",
            {"agency": agency, "error": error},
            status=400,
        )
    return render(
        request,
        "certify/reports/statutory_report.html",
        {
            "agency": agency,
            "report": report,
            "state_name": STATE_NAMES[report.format.state],
            "period_label": report.format.period_label(year),
        },
    )


@never_cache
@require_GET
@requires("certify.view_agency_figures", obj=_agency)
def statutory_report_csv(
    request: SignedInRequest, slug: str, state: str, year: int
) -> HttpResponse:
    agency = _agency(request, slug)
    report, error = _report_or_error(agency, state, year)
    if report is None:
        return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")
    audit.record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=agency,
        detail=f"statutory report {report.format.state} {year}",
        http_request=request,
    )
    response = HttpResponse(report.csv(), content_type="text/csv; charset=utf-8")
    name = f"{agency.slug}-{report.format.state.lower()}-{year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- public statistics ------------------------------------------------------------------------


STATS_CACHE_KEY = "certify.site.reports.stats.v3"
STATS_CACHE_SECONDS = 600


def public_figures(year: int) -> dict[str, list[dict[str, Any]]]:
    """One year's public rows by state and by agency, suppression applied.

    Kept for ten minutes: they read every request received that year, the page is public, and
    yearly statistics need not be to the minute."""
    # Never None: get_or_set stores what the callable returns (django-stubs say Any | None).
    rows = cache.get_or_set(
        f"{STATS_CACHE_KEY}.{year}", lambda: _public_rows(year), STATS_CACHE_SECONDS
    )
    return cast("dict[str, list[dict[str, Any]]]", rows)


def _public_rows(year: int | None) -> dict[str, list[dict[str, Any]]]:
    rows = {
        level: [figures.public_row(row) for row in level_rows]
        for level, level_rows in figures.yearly_figures(year).items()
    }
    figures.protect(rows["state"], rows["agency"])
    return rows


def public_open_data() -> list[dict[str, Any]]:
    """Every year's public figures as open data records, kept as long as a year's figures."""
    records = cache.get_or_set(
        f"{STATS_CACHE_KEY}.open_data", lambda: open_data(_public_rows(None)), STATS_CACHE_SECONDS
    )
    return cast("list[dict[str, Any]]", records)


def public_years() -> list[int]:
    """The years the public statistics cover, the latest first (kept as long as the figures)."""
    years = cache.get_or_set(
        f"{STATS_CACHE_KEY}.years", figures.years_received, STATS_CACHE_SECONDS
    )
    return cast("list[int]", years)


@public
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    years = public_years() or [timezone.localdate().year]
    form = StatsFilterForm(request.GET or None, years=years)
    year, state = years[0], ""
    if request.GET and form.is_valid():
        year = form.cleaned_data["year"] or years[0]
        state = form.cleaned_data["state"]
    elif not request.GET:
        form = StatsFilterForm(initial={"year": year}, years=years)
    rows = public_figures(year)
    shown_states = [row for row in rows["state"] if not state or row["agency__state"] == state]
    shown_agencies = [row for row in rows["agency"] if not state or row["agency__state"] == state]
    for row in shown_states:
        row["state_name"] = STATE_NAMES.get(row["agency__state"], row["agency__state"])
    # Cells as text here, not per-cell includes: the agency table can run to hundreds of rows.
    fewer = _("fewer than %(threshold)s") % {"threshold": figures.SUPPRESS_BELOW}
    not_shown = _("not shown")
    shown_states = [_with_cells(row, fewer, not_shown) for row in shown_states]
    shown_agencies = [_with_cells(dict(row), fewer, not_shown) for row in shown_agencies]
    for row in shown_agencies:
        row["url"] = reverse("agency_detail", args=[row["agency__slug"]])
    return render(
        request,
        "certify/reports/stats.html",
        {
            "chart": _stats_chart(shown_states, year),
            "form": form,
            "year": year,
            "state": state,
            "state_name": STATE_NAMES.get(state, ""),
            "by_state": shown_states,
            "by_agency": shown_agencies,
            "threshold": figures.SUPPRESS_BELOW,
        },
    )


def _stats_chart(rows: list[dict[str, Any]], year: int) -> charts.BarChart | None:
    """Requests received per state, for the states whose count is shown; the table below
    holds every number, hidden ones included as such."""
    shown = [row for row in rows if not row["received"].hidden]
    if not shown:
        return None
    left_out = len(rows) - len(shown)
    desc = _(
        "Bar chart of the requests received in %(year)s, one bar per state. The table below "
        "gives the numbers."
    ) % {"year": year}
    if left_out:
        desc += " " + _("States whose count is not shown are left out of the chart.")
    return charts.bar_chart(
        "chart-stats",
        _("Requests received by state in %(year)s") % {"year": year},
        desc,
        [row["agency__state"] for row in shown],
        [charts.Series(_("Received"), "series-a", [row["received"].value for row in shown])],
    )


def _with_cells(row: dict[str, Any], fewer: str, not_shown: str) -> dict[str, Any]:
    """(text, muted) per column, in the active language's number format."""
    cells = []
    for name in ("received", "certified", "denied", "pending"):
        shown = row[name]
        if shown.suppressed:
            cells.append((fewer, False))
        elif shown.hidden:
            cells.append((not_shown, True))
        else:
            cells.append((formats.number_format(shown.value), False))
    median, on_time = row["median_days"].value, row["share_on_time"].value
    if median is None:
        cells.append((not_shown, True))
    else:
        places = 0 if float(median).is_integer() else 1
        cells.append((formats.number_format(median, places), False))
    if on_time is None:
        cells.append((not_shown, True))
    else:
        cells.append((f"{formats.number_format(round(on_time * 100))}%", False))
    row["cells"] = cells
    return row


STATS_COLUMNS = ["received", "certified", "denied", "pending", "median_days", "share_on_time"]
OPEN_DATA_KEYS = ["level", "state", "agency", "agency_slug", "year_received", *STATS_COLUMNS]


def open_data(levels: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Open data: every state and agency, every year, with the same suppression as the page.
    A count of 1 to 4 is "<5"; a figure not shown (a count withheld so that a small one cannot
    be worked out, a median or share resting on too few requests) is None."""
    with translation.override("en"):
        return [
            _open_data_record(level, row)
            for level, level_rows in levels.items()
            for row in level_rows
        ]


def _open_data_record(level: str, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "level": level,
        "state": row["agency__state"],
        "agency": row.get("agency__name", ""),
        "agency_slug": row.get("agency__slug", ""),
        "year_received": row["year"],
        **{name: _open_data_value(row[name]) for name in STATS_COLUMNS},
    }


def stats_rows() -> list[list[object]]:
    """The open data as CSV rows, a header first; a figure not shown is an empty cell."""
    header: list[object] = list(OPEN_DATA_KEYS)
    rows: list[list[object]] = [header]
    for record in public_open_data():
        rows.append(["" if record[key] is None else record[key] for key in OPEN_DATA_KEYS])
    return rows


def _open_data_value(shown: figures.Shown) -> int | float | str | None:
    if shown.suppressed:
        return f"<{figures.SUPPRESS_BELOW}"
    if isinstance(shown.value, float):
        # 22.0 days is written 22, as a count would be.
        return int(shown.value) if shown.value.is_integer() else round(shown.value, 3)
    return shown.value


@public
@require_GET
def stats_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {
            "threshold": figures.SUPPRESS_BELOW,
            "fields": OPEN_DATA_KEYS,
            "rows": public_open_data(),
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public
@require_GET
def stats_csv(request: HttpRequest) -> HttpResponse:
    response = _csv_response(stats_rows(), "certify-statistics.csv")
    # Open data: anyone may fetch it from anywhere.
    response["Access-Control-Allow-Origin"] = "*"
    return response
