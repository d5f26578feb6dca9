"""The figures, each worked out by hand from the data set in report_data.py."""

from datetime import date

import pytest

from certify.records import figures
from certify.records.figures import Period, percentile_cont, public_row
from tests.support import report_data

YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))


# The shared data set's fixtures, used by name.
data = report_data.data
frozen = report_data.frozen


def test_percentile_matches_postgresqls_percentile_cont():
    # percentile_cont interpolates between the closest ranks: positions f * (n - 1).
    assert percentile_cont([], 0.5) is None
    assert percentile_cont([7], 0.9) == 7
    assert percentile_cont([1, 2, 3, 4], 0.5) == 2.5
    assert percentile_cont([10, 15, 16, 22, 30, 30, 40], 0.9) == pytest.approx(34.0)


def test_a_period_knows_its_months_and_the_fiscal_year_boundary():
    assert Period.fiscal_year_july(2026) == Period(date(2025, 7, 1), date(2026, 6, 30))
    assert Period(date(2025, 11, 20), date(2026, 2, 1)).months() == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    with pytest.raises(ValueError):
        Period(date(2025, 2, 1), date(2025, 1, 31))


def test_the_dashboard_counts_the_year_by_hand(data):
    board = figures.dashboard(data.world.agency_a, YEAR_2025)
    t = board.totals
    # Received in 2025: #1 2 3 4 5 6 7 9 11 (U: 1 2 4 6 7 9; T: 3 5 11). #8 was 2024, #10 2026.
    assert (t["received"], t["received_u"], t["received_t"]) == (9, 6, 3)
    # Decided in 2025 in Los Angeles time: #1 2 3 4 6 8 11. #11 is 2026 in UTC, #9 is 2026.
    assert (t["decided"], t["decided_u"], t["decided_t"]) == (7, 5, 2)
    # Certified: #1 3 6 8 11 (a withdrawn certification still counts); denied: #2 and #4.
    assert (t["certified"], t["certified_u"], t["certified_t"]) == (5, 3, 2)
    assert (t["denied"], t["denied_u"], t["denied_t"]) == (2, 2, 0)
    assert (t["withdrawn"], t["withdrawn_t"]) == (1, 1)
    assert (t["appealed"], t["appealed_u"]) == (1, 1)
    # On time: all but #2; #4 and #11 were decided on their due date.
    assert (t["decided_with_due"], t["on_time"], t["late"]) == (7, 6, 1)
    assert board.share_on_time == pytest.approx(6 / 7)
    # Days: 22 40 15 30 10 16 30 -> sorted 10 15 16 22 30 30 40.
    assert board.median_days == 22
    assert board.p90_days == pytest.approx(34.0)


def test_the_dashboard_counts_per_month(data):
    board = figures.dashboard(data.world.agency_a, YEAR_2025)
    received = {m.month.month: m.received for m in board.months if m.received}
    decided = {m.month.month: m.decided for m in board.months if m.decided}
    assert len(board.months) == 12
    assert received == {1: 2, 2: 1, 3: 1, 4: 1, 5: 1, 11: 1, 12: 2}
    assert decided == {1: 1, 2: 2, 3: 2, 5: 1, 12: 1}


def test_the_backlog_and_the_overdue_list_are_as_of_today(data):
    board = figures.dashboard(data.world.agency_a, YEAR_2025)
    # Open today: the world's two (0 days), #10 (69 days), #7 (134), #4 under reconsideration
    # (379). Overdue: #7 and #10; #4 has been decided once, its first deadline no longer runs.
    assert [b.count for b in board.backlog] == [2, 0, 1, 1, 1]
    assert (board.open_total, board.overdue_total) == (5, 2)
    assert [(r["reference"], r["days_overdue"]) for r in board.overdue] == [
        (data.a[7].reference, 104),
        (data.a[10].reference, 39),
    ]
    assert board.overdue[0]["assignee"] == "Morgan Lee"
    assert board.overdue[0]["due_date"] == date(2025, 12, 1)


def test_the_overdue_list_names_no_victim(data):
    board = figures.dashboard(data.world.agency_a, YEAR_2025)
    text = repr(board.overdue)
    assert "José" not in text and "Peña" not in text


def test_the_load_per_official(data):
    board = figures.dashboard(data.world.agency_a, YEAR_2025)
    [load] = board.officials
    assert (load.name, load.title, load.open, load.decided) == ("Morgan Lee", "Lieutenant", 2, 2)


def test_the_form_filter_keeps_one_certification(data):
    board = figures.dashboard(data.world.agency_a, YEAR_2025, form="T")
    t = board.totals
    assert (t["received"], t["decided"], t["certified"], t["withdrawn"]) == (3, 2, 2, 1)
    assert t["received_u"] == 0
    # T decisions: #3 (15 days) and #11 (30 days).
    assert board.median_days == pytest.approx(22.5)
    assert board.open_total == 0


def test_another_agencys_requests_stay_out(data):
    board = figures.dashboard(data.world.agency_b, YEAR_2025)
    assert board.totals["received"] == 8
    assert board.overdue == [] and board.officials[0].name == "other.official@example.org"


def test_an_empty_period_has_no_median(data):
    board = figures.dashboard(data.world.agency_a, Period(date(2020, 1, 1), date(2020, 3, 31)))
    assert board.totals["decided"] == 0
    assert board.median_days is None and board.share_on_time is None


def test_agencies_in_different_time_zones_are_each_counted_in_their_own(data):
    A, B = data.world.agency_a, data.world.agency_b
    june = Period(date(2025, 6, 1), date(2025, 6, 30))
    # B's requester withdrew at 23:30 on 30 June, Los Angeles time, and again at 00:30 on 1 July.
    assert figures.counts_by_agency(june, [A, B])[B.pk]["withdrawn"] == 1
    B.time_zone = "America/New_York"  # 02:30 and 03:30 on 1 July there
    B.save(update_fields=["time_zone"])
    together = figures.counts_by_agency(june, [A, B])
    assert together[B.pk]["withdrawn"] == 0
    assert together[B.pk] == figures.counts_by_agency(june, [B])[B.pk]
    assert together[A.pk] == figures.counts_by_agency(june, [A])[A.pk]


def test_the_yearly_public_figures_by_agency(data):
    rows = {(r["agency__slug"], r["year"]): r for r in figures.yearly_figures()["agency"]}
    a2025 = rows[("agency-a", 2025)]
    # A's 2025 cohort: #1 2 3 4 5 6 7 9 11; decided #1 2 3 4 6 9 11; pending #7.
    assert {k: a2025[k] for k in ("received", "decided", "certified", "denied", "pending")} == {
        "received": 9,
        "decided": 7,
        "certified": 5,
        "denied": 2,
        "pending": 1,
    }
    assert (a2025["decided_with_due"], a2025["on_time"]) == (7, 6)
    # Days: 22 40 15 30 10 13 30 -> median 22.
    assert a2025["median_days"] == 22
    assert rows[("agency-a", 2024)]["received"] == 1
    assert rows[("agency-a", 2026)]["received"] == 3
    b2025 = rows[("agency-b", 2025)]
    assert (b2025["received"], b2025["certified"], b2025["pending"]) == (8, 6, 0)
    assert b2025["median_days"] == pytest.approx(7.5)


def test_the_yearly_public_figures_by_state(data):
    both = figures.yearly_figures()
    rows = {(r["agency__state"], r["year"]): r for r in both["state"]}
    assert list(rows) == [("CA", 2024), ("CA", 2025), ("CA", 2026), ("WA", 2025)]
    assert rows[("WA", 2025)]["on_time"] == 6
    # A state's counts are its agencies' sums; its median is its own, from its requests.
    for (state, year), row in rows.items():
        agencies = [r for r in both["agency"] if (r["agency__state"], r["year"]) == (state, year)]
        for name in figures.YEARLY_COUNTS:
            assert row[name] == sum(r[name] for r in agencies), (state, year, name)
    assert rows[("CA", 2025)]["median_days"] == 22  # agency A is California's only agency here
    assert rows[("WA", 2025)]["median_days"] == pytest.approx(7.5)


def test_one_years_public_figures_are_that_years_rows_of_every_years(data):
    every = figures.yearly_figures()
    assert figures.years_received() == [2026, 2025, 2024]
    for year in (2024, 2025, 2026):
        one = figures.yearly_figures(year)
        for level in ("agency", "state"):
            assert one[level] == [row for row in every[level] if row["year"] == year]
    assert figures.yearly_figures(2023) == {"agency": [], "state": []}


def test_counts_from_one_to_four_are_suppressed_with_what_derives_from_them(data):
    rows = {(r["agency__slug"], r["year"]): r for r in figures.yearly_figures()["agency"]}
    a2025 = public_row(rows[("agency-a", 2025)])
    assert a2025["received"].value == 9 and not a2025["received"].suppressed
    assert a2025["certified"].value == 5
    assert a2025["denied"].suppressed and a2025["denied"].value is None
    assert a2025["pending"].suppressed
    assert a2025["median_days"].value == 22
    # 6 of 7 on time: the one late decision could be read back from the share.
    assert a2025["share_on_time"].hidden
    a2024 = public_row(rows[("agency-a", 2024)])
    assert a2024["received"].suppressed and a2024["median_days"].hidden
    b2025 = public_row(rows[("agency-b", 2025)])
    assert b2025["share_on_time"].value == 1.0
    assert b2025["denied"].value == 0 and not b2025["denied"].suppressed
    assert b2025["median_days"].value == pytest.approx(7.5)


@pytest.mark.parametrize(
    "counts,shown",
    [
        ((0, 0, 0), (0, False)),
        ((1, 1, 1), (None, True)),
        ((4, 4, 4), (None, True)),
        ((5, 5, 5), (5, False)),
    ],
)
def test_the_suppression_threshold(counts, shown):
    received, decided, on_time = counts
    row = {
        "received": received,
        "certified": decided,
        "denied": 0,
        "pending": 0,
        "decided": decided,
        "decided_with_due": decided,
        "on_time": on_time,
        "median_days": 3.0 if decided else None,
    }
    result = public_row(row)
    assert (result["received"].value, result["received"].suppressed) == shown
    assert (result["median_days"].value is not None) == (decided >= 5)
    assert (result["share_on_time"].value is not None) == (decided >= 5)
