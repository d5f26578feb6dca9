"""State report formats, worked out by hand from the data set in report_data.py."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from certify.records import statutory
from certify.records.models import Agency, CertificationRequest
from certify.records.statutory import ReportError, csv_cell, make_report
from tests.support import report_data

# The shared data set's fixtures, used by name.
data = report_data.data
frozen = report_data.frozen


def rows_of(report) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "agency"} for row in report.rows]


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_california_counts_u_and_t_apart_for_the_calendar_year(data):
    report = make_report("CA", 2025, agency=data.world.agency_a)
    assert (report.period.start, report.period.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert rows_of(report) == [
        {"form": "U", "requested": 6, "signed": 3, "denied": 2},
        {"form": "T", "requested": 3, "signed": 2, "denied": 0},
    ]


def test_california_has_no_t_row_before_2018(data):
    report = make_report("CA", 2017, agency=data.world.agency_a)
    assert [row["form"] for row in report.rows] == ["U"]


def test_washington_splits_at_the_fiscal_year_boundary(data):
    fy2025 = make_report("WA", 2025)
    fy2026 = make_report("WA", 2026)
    assert (fy2025.period.start, fy2025.period.end) == (date(2024, 7, 1), date(2025, 6, 30))
    assert (fy2026.period.start, fy2026.period.end) == (date(2025, 7, 1), date(2026, 6, 30))
    # Received 30 June is FY2025, 1 July FY2026. B7 was withdrawn at 23:30 on 30 June in
    # Washington (1 July in UTC): FY2025. B1, decided 30 June, is FY2025's only signature.
    assert rows_of(fy2025) == [{"requested": 7, "signed": 1, "denied": 0, "withdrawn": 1}]
    assert rows_of(fy2026) == [{"requested": 1, "signed": 5, "denied": 0, "withdrawn": 1}]
    assert [row["agency"] for row in fy2026.rows] == ["Agency B Police"]


def test_illinois_lists_dates_per_request_numbered_not_referenced(data):
    report = make_report("IL", 2025, agency=data.world.agency_a)
    table = [
        (r["number"], r["form"], r["received_on"], r["decided_on"], r["decision"])
        for r in report.rows
    ]
    assert table == [
        (1, "U", date(2024, 12, 20), date(2025, 1, 5), "certification signed"),
        (2, "U", date(2025, 1, 10), date(2025, 2, 1), "certification signed"),
        (3, "U", date(2025, 1, 20), date(2025, 3, 1), "written denial"),
        (4, "T", date(2025, 2, 5), date(2025, 2, 20), "certification signed"),
        (5, "U", date(2025, 3, 1), date(2025, 3, 31), "written denial"),
        (6, "T", date(2025, 4, 1), None, ""),
        (7, "U", date(2025, 5, 1), date(2025, 5, 11), "certification signed"),
        (8, "U", date(2025, 11, 1), None, ""),
        (9, "T", date(2025, 12, 1), date(2025, 12, 31), "certification signed"),
        (10, "U", date(2025, 12, 20), date(2026, 1, 2), "certification signed"),
    ]
    text = report.csv()
    for req in data.a.values():
        assert req.reference not in text
    assert "José" not in text and "Peña" not in text


def test_illinois_reports_none_for_an_agency_without_requests(data):
    quiet = Agency.objects.create(name="Quiet Police", slug="quiet", kind="police", state="IL")
    report = make_report("IL", 2025, agency=quiet)
    assert report.rows == [{"agency": "Quiet Police", "number": "none"}]
    assert parse(report.csv())[1] == [
        "2025-01-01",
        "2025-12-31",
        "Quiet Police",
        "none",
        "",
        "",
        "",
        "",
    ]


def test_colorado_oregon_nevada_and_massachusetts(data):
    agency = data.world.agency_a
    # Of the two 2025 denials, one carries a reason code and one predates coding.
    denials = CertificationRequest.objects.filter(
        agency=agency, status__in=["denied", "reconsideration"]
    )
    assert denials.count() == 2
    CertificationRequest.objects.filter(pk=denials.order_by("pk").first().pk).update(
        denial_reason="not_helpful"
    )
    reasons = (
        "Refused or failed to give reasonably requested help: 1; not recorded in coded form: 1"
    )
    assert rows_of(make_report("CO", 2025, agency=agency)) == [
        {"total": 9, "approved": 5, "denied": 2, "denial_reasons": reasons, "outside_timeframe": 1}
    ]
    assert rows_of(make_report("OR", 2025, agency=agency)) == [
        {"received": 9, "approved": 5, "denied": 2, "denial_reasons": reasons, "pending": 1}
    ]
    assert rows_of(make_report("NV", 2025, agency=agency)) == [
        {"requests": 9, "completed": 5, "denied": 2, "denial_reasons": reasons}
    ]
    assert rows_of(make_report("MA", 2025, agency=agency)) == [
        {"requested": 9, "signed": 5, "denied": 2}
    ]


def test_an_agency_with_nothing_in_the_period_gets_a_row_of_zeros(data):
    report = make_report("MA", 2021, agency=data.world.agency_a)
    assert rows_of(report) == [{"requested": 0, "signed": 0, "denied": 0}]


def test_every_format_names_its_law_and_source():
    for fmt in statutory.FORMATS.values():
        assert fmt.law and fmt.sources and str(fmt.title) and str(fmt.recipient)
    assert set(statutory.FORMATS) == {"CA", "WA", "IL", "CO", "OR", "NV", "MA"}


def test_the_csv_is_headed_in_english(data):
    rows = parse(make_report("CA", 2025, agency=data.world.agency_a).csv())
    assert rows[0] == [
        "Period start", "Period end", "Agency", "Certification", "Requested",
        "Approved (signed)", "Denied",
    ]  # fmt: skip
    assert rows[1] == ["2025-01-01", "2025-12-31", "Agency A Police", "U", "6", "3", "2"]


@pytest.mark.parametrize(
    "state,year,message",
    [
        ("TX", 2025, "There is no report format for TX"),
        ("CA", 2016, "Choose a year from 2017 to 2026 for CA"),
        ("CA", 2027, "Choose a year from 2017 to 2026 for CA"),
        ("WA", 2027, "Choose a year from 2019 to 2026 for WA"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, state, year, message):
    with pytest.raises(ReportError, match=message):
        make_report(state, year)


def test_spreadsheet_formulas_are_defused():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("@SUM") == "'@SUM"
    assert csv_cell("Agency") == "Agency"
    assert csv_cell(None) == ""
    assert csv_cell(date(2025, 1, 2)) == "2025-01-02"


def test_the_command_prints_the_csv(data):
    out = io.StringIO()
    call_command("statutory_report", "--state", "wa", "--year", "2026", stdout=out)
    assert parse(out.getvalue()) == [
        ["Period start", "Period end", "Agency", "Requested", "Signed", "Denied", "Withdrawn"],
        ["2025-07-01", "2026-06-30", "Agency B Police", "1", "5", "0", "1"],
    ]


def test_the_command_for_one_agency(data):
    out = io.StringIO()
    call_command(
        "statutory_report", "--state", "MA", "--year", "2025", "--agency", "agency-a", stdout=out
    )
    assert parse(out.getvalue())[1] == [
        "2025-01-01",
        "2025-12-31",
        "Agency A Police",
        "9",
        "5",
        "2",
    ]


@pytest.mark.parametrize(
    "args,message",
    [
        (["--state", "ZZ", "--year", "2025"], "There is no report format for ZZ"),
        (["--state", "CA", "--year", "1999"], "Choose a year from 2017"),
        (["--state", "CA", "--year", "2025", "--agency", "nope"], "No agency has the slug 'nope'"),
        (["--state", "NV", "--year", "2025"], "No agency in NV is registered"),
        (["--state", "CA", "--year", "last"], "invalid int value"),
        (["--state", "CA"], "the following arguments are required: --year"),
    ],
)
def test_the_command_refuses_bad_input(data, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("statutory_report", *args, stdout=io.StringIO())
