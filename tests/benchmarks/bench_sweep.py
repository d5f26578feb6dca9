"""Benchmark: the reminder sweep over about a million open requests in 500 agencies, with events.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/certify_bench_perf \\
        .venv/bin/python tests/benchmarks/bench_sweep.py

Runs in its own database (DATABASE_URL's name with `_sweep` appended, created if missing) so the
page benchmarks keep their 100,000 requests: the reference data (benchdata.py: 500 agencies with
staff, 100,000 requests with their events, closed ones among them for the retention purge), then
BENCH_SWEEP_ROWS open requests in total (default 1,000,000; COPY, each with its submit and
receive events, due dates spread over two years around today, over the 500 agencies).
Rerunnable: rows already there are kept.

Prints EXPLAIN ANALYZE of both reminder selections and of the retention selection (none may
scan the requests table), the time of this run's first sweep (it purges what is past
retention, which only the first run on a database finds; the staff are made inactive, so it
claims and sends nothing) and of a steady sweep, the queries a steady
sweep runs and how many of them concern agencies, beside the floor measured in the same run:
the bare reminder selections read to the end. Goal: a steady sweep <= 10 s, index scans only.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, date, datetime, timedelta

import benchdata

ROWS = int(os.environ.get("BENCH_SWEEP_ROWS", "1000000"))
GOAL_SECONDS = 10.0


def main() -> int:
    if not benchdata.require_postgres("bench_sweep"):
        return 0
    os.environ["DATABASE_URL"] = os.environ["DATABASE_URL"].rstrip("/") + "_sweep"
    benchdata.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from certify.records.models import Agency, CertificationRequest, User
    from workflows import retention, tasks

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    benchdata.ensure()
    # As in the first version of this benchmark: staff inactive, so the sweep selects, builds
    # and claims but e-mails no one (tens of thousands of mails would time the mail backend).
    User.objects.filter(email__endswith=f"@{benchdata.PREFIX}.example").update(is_active=False)
    table = CertificationRequest._meta.db_table
    open_count = CertificationRequest.objects.filter(status__in=tasks.CLOCK_STATUSES).count()
    if open_count < ROWS:
        started = time.perf_counter()
        added = _add_open_requests(ROWS - open_count)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"bench_sweep: added {added:,} open requests and their events in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        open_count += added
    total = CertificationRequest.objects.count()
    agencies = Agency.objects.count()
    print(f"sweep: {open_count:,} open requests ({total:,} in all) over {agencies} agencies")

    now = timezone.now()
    failed = False
    floor = 0.0
    selections = [
        ("deadline reminders", tasks.deadline_candidates(now)),
        ("six-month reminders", tasks.validity_candidates(now)),
        ("retention purge", retention.expired(now).values_list("pk", flat=True)),
    ]
    for name, queryset in selections:
        plan = queryset.explain(analyze=True)
        scans = f"Seq Scan on {table}" in plan
        started = time.perf_counter()
        count = sum(1 for _row in queryset.iterator(chunk_size=tasks.BATCH))
        took = time.perf_counter() - started
        if name != "retention purge":
            floor += took
        print(f"  {name:22} {count:8,} rows in {took * 1000:7.0f} ms  "
              f"{'SEQUENTIAL SCAN of the requests table' if scans else 'index scans'}")  # fmt: skip
        if scans:
            print(plan)
            failed = True

    started = time.perf_counter()
    first = tasks.sweep()
    purged = first.get("requests_purged", 0)
    print(f"  this run's first sweep: {time.perf_counter() - started:.2f} s, "
          f"{purged:,} requests purged{'' if purged else ' (an earlier run purged them)'} "
          f"{ {k: v for k, v in first.items() if v} }")  # fmt: skip
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        tasks.sweep()
        took = time.perf_counter() - started
    agency_queries = sum(1 for q in queries if "certify_agency" in q)
    verdict = "OK" if took <= GOAL_SECONDS and not failed else "OVER GOAL"
    print(
        f"  steady sweep: {took:.2f} s, {len(queries)} queries ({agency_queries} about agencies "
        f"or staff); goal <= {GOAL_SECONDS:.0f} s with index scans; floor (bare selections) "
        f"{floor:.2f} s  {verdict}"
    )
    return 0 if verdict == "OK" else 1


def _add_open_requests(count: int) -> int:
    from certify.records.models import (
        Agency,
        CertificationRequest,
        CertifyingOfficial,
        RequestEvent,
        User,
    )
    from workflows.tasks import CLOCK_STATUSES

    agencies = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    officials: dict[int, list[int]] = {}
    for pk, agency_id in CertifyingOfficial.objects.values_list("pk", "agency_id"):
        officials.setdefault(agency_id, []).append(pk)
    user = User.objects.get(email=f"lead@{benchdata.PREFIX}.example")
    base = benchdata._row_template(
        CertificationRequest, form="U", created_by=user, filed_by="victim", status="received",
        other_names=[], wizard_data={},
    )  # fmt: skip
    start = CertificationRequest.objects.filter(reference__startswith="S").count()
    today = date.today()
    statuses = [str(s) for s in CLOCK_STATUSES]

    def rows():
        for i in range(start, start + count):
            agency = agencies[i % len(agencies)]
            status = statuses[i % len(statuses)]
            due = today + timedelta(days=(i * 7919) % 730 - 365)
            received = due - timedelta(days=90)
            yield {
                "reference": f"S{i:09d}",
                "status": status,
                "agency_id": agency,
                "assigned_official_id": None
                if status == "received"
                else officials[agency][i % len(officials[agency])],
                "received_on": received,
                "due_date": due,
                "submitted_at": datetime.combine(received, datetime.min.time(), UTC),
            }

    added = benchdata.copy_rows(CertificationRequest, rows(), base)
    event_base = benchdata._row_template(RequestEvent, kind="submit", created_at=datetime.now(UTC))
    event_base["request_id"] = None
    new = CertificationRequest.objects.filter(reference__gte=f"S{start:09d}").filter(
        reference__startswith="S"
    )

    def events(chunk):
        for pk, submitted in chunk:
            yield benchdata.event(pk, "submit", "draft", "submitted", submitted)
            yield benchdata.event(pk, "receive", "submitted", "received", submitted)

    for chunk in benchdata.chunks(new.values_list("pk", "submitted_at")):
        benchdata.copy_rows(RequestEvent, events(chunk), event_base)
    return added


if __name__ == "__main__":
    sys.exit(main())
