"""The dashboard, the report pages and the public statistics, through the test client."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certify.records import figures
from certify.records.figures import Period
from certify.records.models import Agency, AuditEntry, CertificationRequest
from tests.support import report_data
from tests.support.report_data import add

YEAR_2025 = {"start": "2025-01-01", "end": "2025-12-31"}
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


# The shared data set's fixtures, used by name.
data = report_data.data
frozen = report_data.frozen


@pytest.fixture
def lead(client, data):
    client.force_login(data.world.users["lead"])
    return client


def dashboard_url(data, **params):
    return reverse("agency_dashboard", args=[data.world.agency_a.slug])


def parse(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_dashboard_shows_the_figures_with_charts_and_tables(lead, data):
    response = lead.get(dashboard_url(data), YEAR_2025)
    assert response.status_code == 200
    html = response.content.decode()
    board = response.context["board"]
    assert board.totals["received"] == 9 and board.median_days == 22
    assert html.count('role="img"') == 2
    assert '<title id="chart-monthly-title">Requests received and decided per month</title>' in html
    assert '<desc id="chart-monthly-desc">' in html
    assert "86%" in html and "6 of 7" in html  # decided within the deadline
    assert data.a[7].reference in html
    # No victim's name, no inline style or script: the strict CSP must not break the page.
    assert "José" not in html and "Peña" not in html
    assert "style=" not in html and "<script>" not in html and "onclick" not in html


def test_svg_coordinates_stay_plain_numbers_in_spanish(lead, data):
    lead.cookies.load({"django_language": "es"})
    html = lead.get(dashboard_url(data), YEAR_2025).content.decode()
    assert "Solicitudes recibidas y resueltas por mes" in html
    coordinates = re.findall(r'<rect class="chart-bar[^"]*" x="([^"]+)" y="([^"]+)"', html)
    assert coordinates and all("," not in x + y for x, y in coordinates)


def test_the_default_period_is_the_last_twelve_months(lead, data):
    board = lead.get(dashboard_url(data)).context["board"]
    assert (board.period.start, board.period.end) == (date(2025, 4, 1), date(2026, 3, 15))
    assert len(board.months) == 12


@pytest.mark.parametrize(
    "params,message",
    [
        ({"start": "2025-13-45"}, "Enter the start date as a real date, like 2025-01-01."),
        ({"start": "2025-06-01", "end": "2025-01-01"}, "The end date must be the same as or after"),
        ({"start": "1999-01-01", "end": "2000-01-01"}, "The start date must be in 2000 or later."),
        ({"start": "2015-01-01", "end": "2025-01-01"}, "Choose a period of five years or less."),
        ({"form": "X"}, "Choose U, T, or both."),
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error_page(lead, data, params, message):
    response = lead.get(dashboard_url(data), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<title>Error:" in html
    assert "board" not in response.context
    csv_response = lead.get(reverse("agency_dashboard_csv", args=["agency-a"]), params)
    assert csv_response.status_code == 400
    assert message in csv_response.content.decode()


def test_the_form_filter(lead, data):
    board = lead.get(dashboard_url(data), {**YEAR_2025, "form": "T"}).context["board"]
    assert board.totals["received"] == 3


def test_the_csv_export_carries_the_figures_and_is_audited(lead, data):
    response = lead.get(reverse("agency_dashboard_csv", args=["agency-a"]), YEAR_2025)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = {(section, item): value for section, item, value in parse(response)[1:]}
    assert rows[("totals", "received total")] == "9"
    assert rows[("totals", "certified T")] == "2"
    assert rows[("timeliness", "median days to decision")] == "22"
    assert rows[("timeliness", "90th percentile days to decision")] == "34"
    assert rows[("timeliness", "share on time")] == "0.857"
    assert rows[("received per month", "2025-12")] == "2"
    assert rows[("open by days since received", "181+")] == "1"
    assert rows[("open per official", "Morgan Lee")] == "2"
    entry = AuditEntry.objects.get(action="export")
    assert entry.detail == "dashboard 2025-01-01..2025-12-31 U+T"


def dashboard_query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, YEAR_2025).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_data(lead, data, django_assert_num_queries):
    url = dashboard_url(data)
    dashboard_query_count(lead, url)  # the first request of a session also saves the session
    small = dashboard_query_count(lead, url)
    with django_assert_num_queries(6):
        figures.dashboard(data.world.agency_a, YEAR)
    world = data.world
    for day in range(60):
        received = date(2025, 1, 1) + timedelta(days=day * 5)
        add(world, world.agency_a, status="in_review", received=received,
            due=received + timedelta(days=30), official=world.official_a)  # fmt: skip
        add(world, world.agency_a, form="T", status="certified", received=received,
            decided=data.a[1].decided_at + timedelta(days=day), due=received)  # fmt: skip
    larger = dashboard_query_count(lead, url)
    assert small == larger
    # The six figure queries: totals, percentiles, two per-month, overdue list, officials.
    with django_assert_num_queries(6):
        board = figures.dashboard(data.world.agency_a, YEAR)
    assert board.totals["received"] == 9 + 120


def test_the_statutory_index_offers_only_the_agencys_own_state(lead, data):
    response = lead.get(reverse("statutory_index", args=["agency-a"]), {"year": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert [entry["format"].state for entry in response.context["entries"]] == ["CA"]
    assert reverse("statutory_report", args=["agency-a", "CA", 2025]) in html
    assert reverse("statutory_report", args=["agency-a", "WA", 2025]) not in html
    # Another state's format is not there to be had by its address either.
    assert lead.get(reverse("statutory_report", args=["agency-a", "WA", 2025])).status_code == 404
    assert (
        lead.get(reverse("statutory_report_csv", args=["agency-a", "IL", 2025])).status_code == 404
    )


def test_the_statutory_index_refuses_an_unknown_year(lead, data):
    response = lead.get(reverse("statutory_index", args=["agency-a"]), {"year": "1990"})
    assert "Choose a year from the list." in response.content.decode()


def test_a_printable_report_names_its_law(lead, data):
    Agency.objects.filter(slug="agency-a").update(state="CO")
    response = lead.get(reverse("statutory_report", args=["agency-a", "CO", 2025]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "C.R.S. 24-4.1-401 to -406 (HB21-1060)" in html
    # It cites the law's official text, never research notes.
    assert "https://leg.colorado.gov/bills/hb21-1060" in html
    assert "domain.md" not in html and "[S66]" not in html
    assert "not recorded in coded form" in html


def test_a_report_csv_download(lead, data):
    Agency.objects.filter(slug="agency-a").update(state="IL")
    response = lead.get(reverse("statutory_report_csv", args=["agency-a", "IL", 2025]))
    assert response.status_code == 200
    assert 'filename="agency-a-il-2025.csv"' in response["Content-Disposition"]
    rows = parse(response)
    assert rows[1][:5] == ["2025-01-01", "2025-12-31", "Agency A Police", "1", "U"]
    assert AuditEntry.objects.filter(action="export", detail="statutory report IL 2025").exists()


def test_a_report_for_a_bad_year_says_why(lead, data):
    response = lead.get(reverse("statutory_report", args=["agency-a", "CA", 2010]))
    assert response.status_code == 400
    assert "Choose a year from 2017 to 2026 for CA." in response.content.decode()
    response = lead.get(reverse("statutory_report_csv", args=["agency-a", "XX", 2025]))
    assert response.status_code == 404


def test_the_public_statistics_suppress_small_counts(client, data):
    response = client.get(reverse("stats"), {"year": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    [ca, wa] = response.context["by_state"]
    # 9 received, 5 certified: the two small counts would add up to at most 4, so received
    # is withheld too (secondary suppression).
    assert ca["received"].hidden and not ca["received"].suppressed and ca["denied"].suppressed
    # California and agency A: denied and pending.
    assert html.count('<td class="num">fewer than 5</td>') == 4
    assert "100%" in html  # Washington's share on time
    assert "José" not in html and data.a[1].reference not in html
    # The chart draws Washington's shown count and leaves California's withheld one out.
    chart = response.context["chart"]
    assert [bar.label for bar in chart.bars] == ["WA"]
    assert '<svg class="chart-svg"' in html and "left out of the chart" in html


def test_the_public_statistics_filter_by_state(client, data):
    response = client.get(reverse("stats"), {"year": "2025", "state": "WA"})
    assert [row["agency__state"] for row in response.context["by_state"]] == ["WA"]
    assert [row["agency__slug"] for row in response.context["by_agency"]] == ["agency-b"]


def test_the_public_statistics_refuse_a_bad_filter_politely(client, data):
    response = client.get(reverse("stats"), {"year": "1066", "state": "ZZ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a year from the list." in html and "Choose a state from the list." in html


def test_the_public_statistics_in_spanish(client, data):
    client.cookies.load({"django_language": "es"})
    html = client.get(reverse("stats"), {"year": "2025"}).content.decode()
    assert "menos de 5" in html
    assert "Estadísticas" in html


def test_the_open_data_csv(client, data):
    response = client.get(reverse("stats_csv"))
    assert response.status_code == 200
    rows = parse(response)
    assert rows[0] == [
        "level", "state", "agency", "agency_slug", "year_received", "received", "certified",
        "denied", "pending", "median_days", "share_on_time",
    ]  # fmt: skip
    by_key = {(r[0], r[1], r[3], r[4]): r[5:] for r in rows[1:]}
    assert by_key[("state", "CA", "", "2025")] == ["", "5", "<5", "<5", "22", ""]
    assert by_key[("agency", "WA", "agency-b", "2025")] == ["8", "6", "0", "0", "7.5", "1"]
    assert by_key[("agency", "CA", "agency-a", "2024")] == ["<5", "<5", "0", "0", "", ""]


def test_the_open_data_json_matches_the_csv(client, data):
    rows = parse(client.get(reverse("stats_csv")))
    response = client.get(reverse("stats_json"))
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["fields"] == rows[0] and body["threshold"] == 5
    as_text = [["" if v is None else str(v) for v in r.values()] for r in body["rows"]]
    assert as_text == rows[1:]


def test_a_statutory_report_runs_the_same_queries_for_10_and_1000_more_requests(lead, data):
    world = data.world
    url = reverse("statutory_report", args=["agency-a", "CA", 2025])

    def more(count: int, start: int) -> None:
        CertificationRequest.objects.bulk_create(
            CertificationRequest(
                reference=f"R{i:07d}", form="U", status="certified",
                created_by=world.users["victim"], filed_by="victim", agency=world.agency_a,
                received_on=date(2025, 2, 1),
                due_date=date(2025, 5, 1), decided_at=data.a[1].decided_at,
                signature_date=date(2025, 3, 1),
            )
            for i in range(start, start + count)
        )  # fmt: skip

    dashboard_query_count(lead, url)  # the first request of a session also saves the session
    more(10, 0)
    few = dashboard_query_count(lead, url)
    more(990, 10)
    many = dashboard_query_count(lead, url)
    assert few == many
