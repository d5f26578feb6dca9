"""Benchmark: the sweep's selection over 1,000,000 open requests on PostgreSQL.

Run as a plain script against a THROWAWAY database (it refuses a database that already holds
requests, and empties the requests table when it is done unless BENCH_KEEP=1):

    createdb -h 127.0.0.1 -U postgres certify_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/certify_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/certify_bench .venv/bin/python \
        tests/benchmarks/bench_sweep.py
    dropdb -h 127.0.0.1 -U postgres certify_bench

It prints EXPLAIN ANALYZE for both selections (the plan must use an index on the requests
table, never a sequential scan) and the wall time of the selection and of a whole sweep
(goal: at most 10 s). Rows go in with COPY; encrypted fields are left blank.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
CERTIFIED = ROWS // 20  # certified U requests on top, for the six-month selection
GOAL_SECONDS = 10.0


def main() -> int:
    if not os.environ.get("DATABASE_URL"):
        print("bench_sweep: DATABASE_URL is not set; this benchmark needs PostgreSQL. Skipped.")
        return 0
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certify.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from certify.records.models import Agency, CertificationRequest, User
    from workflows import tasks

    if connection.vendor != "postgresql":
        print("bench_sweep: DATABASE_URL is not PostgreSQL. Skipped.")
        return 0
    if CertificationRequest.objects.exists() and not os.environ.get("BENCH_REUSE"):
        print("bench_sweep: the database already holds requests; use a throwaway database.")
        return 1

    table = CertificationRequest._meta.db_table
    if not CertificationRequest.objects.exists():
        agency = Agency.objects.create(name="Bench Police", slug="bench", kind="police", state="CA")
        # Inactive: the sweep then selects and batches everything but e-mails no one, so the
        # figure is the selection's and not the console backend's.
        user = User.objects.create_user(email="bench@example.org", is_active=False)
        started = time.perf_counter()
        _copy_rows(connection, CertificationRequest, agency, user)
        print(f"inserted {ROWS + CERTIFIED:,} requests in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{table}"')

    now = timezone.now()
    failed = False
    for name, queryset in (
        ("deadline reminders", tasks.deadline_candidates(now)),
        ("six-month reminders", tasks.validity_candidates(now)),
    ):
        plan = queryset.explain(analyze=True, buffers=True)
        print(f"\n== EXPLAIN ANALYZE: {name}\n{plan}")
        if f"Seq Scan on {table}" in plan:
            print(f"!! {name}: sequential scan on {table}")
            failed = True
        started = time.perf_counter()
        count = sum(1 for _row in queryset.iterator(chunk_size=tasks.BATCH))
        took = time.perf_counter() - started
        print(f"== {name}: {count:,} rows selected in {took:.2f} s")

    started = time.perf_counter()
    counts = tasks.sweep()
    took = time.perf_counter() - started
    print(
        f"\n== whole sweep (no recipients, so selection and batching only): {took:.2f} s {counts}"
    )
    verdict = "OK" if took <= GOAL_SECONDS and not failed else "OVER GOAL"
    print(f"== {verdict}: goal <= {GOAL_SECONDS:.0f} s with index scans")

    if not os.environ.get("BENCH_KEEP"):
        with connection.cursor() as cursor:
            cursor.execute(f'TRUNCATE "{table}" CASCADE')
    return 1 if failed else 0


def _copy_rows(connection, model, agency, user) -> None:
    """COPY ROWS open requests (due dates spread over two years around today) and CERTIFIED
    certified U requests (signatures over the last year). Every other column takes the value
    a fresh instance would save, so columns added later need no change here."""
    from certify.records.models import CertificationRequest
    from workflows.tasks import CLOCK_STATUSES

    template = CertificationRequest(
        form="U", created_by=user, filed_by="victim", agency=agency, status="received"
    )
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    base = {}
    for field in fields:
        value = field.pre_save(template, add=True)
        base[field.column] = field.get_db_prep_save(value, connection)
    columns = list(base)
    varying = {"reference", "status", "due_date", "signature_date", "form"}
    assert varying <= set(columns)
    today = date.today()
    statuses = [str(s) for s in CLOCK_STATUSES]
    column_list = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor, for COPY
        with raw.copy(f'COPY "{model._meta.db_table}" ({column_list}) FROM STDIN') as copy:
            for i in range(ROWS + CERTIFIED):
                row = dict(base)
                row["reference"] = f"B{i:011d}"
                if i < ROWS:
                    row["status"] = statuses[i % len(statuses)]
                    row["due_date"] = today + timedelta(days=(i * 7919) % 730 - 365)
                    row["signature_date"] = None
                else:
                    row["status"] = "certified"
                    row["due_date"] = None
                    row["signature_date"] = today - timedelta(days=(i * 7919) % 365)
                copy.write_row([row[c] for c in columns])


if __name__ == "__main__":
    sys.exit(main())
