"""Benchmark: staff pages and /stats/ at the 10,000-request agency, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/certify_bench_perf \\
        .venv/bin/python tests/benchmarks/bench_pages.py

Loads the reference data once (tests/benchmarks/benchdata.py: 100,000 requests over 500
agencies, one with 10,000, with their events), then renders each page through the test Client
in this process and prints its median time, its size, its queries and its goal, beside the
floor measured in the same run: `/healthz` (one SELECT 1 through the same middleware). The
process's peak RSS after the staff pages is printed beside its goal too.
Without a PostgreSQL DATABASE_URL it says so and exits 0.
"""

from __future__ import annotations

import resource
import statistics
import sys
from datetime import date

import benchdata

RUNS = 15
PAGE_GOAL_MS = 200
STATS_GOAL_MS = 300
RSS_GOAL_MB = 150


def main() -> int:
    if not benchdata.require_postgres("bench_pages"):
        return 0
    benchdata.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    # Not setup_test_environment(): it would make the test Client copy the context of every
    # template rendered (for response.context), which is the benchmark's cost, not the page's.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    data = benchdata.ensure()
    year = date.today().year - 1
    official = benchdata.signed_in_client(data.official)
    lead = benchdata.signed_in_client(data.lead)
    anonymous = Client()

    def stats_uncached(name="stats"):
        cache.clear()  # the public figures, and the years they cover
        return anonymous.get(reverse(name))

    pages = [
        ("/healthz (floor)", lambda: anonymous.get(reverse("healthz")), None),
        ("queue, 10,000-request agency", lambda: official.get(reverse("agency_queue")),
         PAGE_GOAL_MS),
        ("queue, searched by a name",
         lambda: official.post(reverse("agency_queue"), {"q": "José García"}), PAGE_GOAL_MS),
        ("requests list, same official", lambda: official.get(reverse("request_list")),
         PAGE_GOAL_MS),
        ("requests list, newest first",
         lambda: official.post(reverse("request_list"), {"sort": "newest", "status": "open"}),
         PAGE_GOAL_MS),
        ("California statutory report",
         lambda: lead.get(reverse("statutory_report", args=[data.agency.slug, "CA", year])),
         PAGE_GOAL_MS),
        ("Illinois statutory report",
         lambda: lead.get(reverse("statutory_report", args=[data.illinois.slug, "IL", year])),
         PAGE_GOAL_MS),
        ("lead dashboard",
         lambda: lead.get(reverse("agency_dashboard", args=[data.agency.slug]),
                          {"start": f"{year}-01-01", "end": f"{year}-12-31"}),
         PAGE_GOAL_MS),
        ("/stats/ uncached", stats_uncached, STATS_GOAL_MS),
        ("/stats.json uncached", lambda: stats_uncached("stats_json"), STATS_GOAL_MS),
    ]  # fmt: skip
    failed = False
    floor = None
    print(f"pages: {benchdata.REQUESTS:,} requests over {benchdata.AGENCIES} agencies, "
          f"{RUNS} runs each, in-process (test Client)")  # fmt: skip
    for name, call, goal in pages:
        timings = benchdata.timed(call, RUNS)
        with CaptureQueriesContext(connection) as queries:
            response = call()
        if response.status_code != 200:
            print(f"!! {name}: HTTP {response.status_code}")
            failed = True
            continue
        median = statistics.median(timings)
        if floor is None:
            floor = median
        size = len(response.content) / 1024
        verdict = "" if goal is None else ("OK" if median <= goal else "OVER GOAL")
        goal_text = "floor" if goal is None else f"goal <= {goal} ms"
        p90 = statistics.quantiles(timings, n=10)[-1]
        print(
            f"  {name:32} median {median:7.1f} ms  p90 {p90:7.1f}"
            f"  {size:6.0f} KB  {len(queries):3d} queries  {goal_text}; "
            f"{median / floor:5.1f}x floor  {verdict}"
        )
        failed |= goal is not None and median > goal
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS of this process after the pages: {rss:.0f} MB (goal <= {RSS_GOAL_MB} MB "
          "per worker)")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
