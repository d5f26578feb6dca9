"""Benchmark: the lead's dashboard over 100,000 requests in 500 agencies, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/certify_bench_dash \\
        .venv/bin/python manage.py migrate && .venv/bin/python tests/benchmarks/bench_dashboard.py

Loads the data once (bulk_create in batches; the victim's encrypted fields left blank), renders
the dashboard through the test Client as the lead of one agency, and prints the median time and
the number of queries. The target is 200 ms or less, with a query count that does not depend on
the amount of data. Without DATABASE_URL it says so and exits 0: SQLite figures would not say
anything about production.
"""

import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certify.settings")

REQUESTS = 100_000
AGENCIES = 500
OFFICIALS_PER_AGENCY = 3
BATCH = 2_000
RUNS = 25
TARGET_MS = 200
PREFIX = "bench-dash"
STATES = ["CA", "WA", "IL", "CO", "OR", "NV", "MA", "TX", "NY", "MN"]
ZONES = ["America/Los_Angeles", "America/Chicago", "America/Denver", "America/New_York"]


def main() -> int:
    if not os.environ.get("DATABASE_URL"):
        print("bench_dashboard: set DATABASE_URL to a throwaway PostgreSQL database; skipped.")
        return 0
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    if connection.vendor != "postgresql":
        print("bench_dashboard: DATABASE_URL is not PostgreSQL; skipped.")
        return 0
    setup_test_environment()
    lead, agency = load()
    client = Client()
    client.force_login(lead)
    verify_second_factor(client, lead)
    url = reverse("agency_dashboard", args=[agency.slug])
    params = {"start": "2025-01-01", "end": "2025-12-31"}
    for _ in range(3):  # warm the connection, the session and the template cache
        assert client.get(url, params).status_code == 200
    timings, counts = [], set()
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        counts.add(len(queries))
    board = response.context["board"]
    median = statistics.median(timings)
    print(
        f"dashboard: {REQUESTS:,} requests over {AGENCIES} agencies; the lead's agency has "
        f"{board.totals['received']} received in 2025 and {board.open_total} open"
    )
    print(
        f"dashboard: median {median:.1f} ms, p90 {statistics.quantiles(timings, n=10)[-1]:.1f} "
        f"ms over {RUNS} runs; queries per request {sorted(counts)} (target {TARGET_MS} ms)"
    )
    public_timings = []
    for _ in range(5):
        started = time.perf_counter()
        assert client.get(reverse("stats")).status_code == 200
        public_timings.append((time.perf_counter() - started) * 1000)
    public_ms = statistics.median(public_timings)
    print(f"stats page (every agency, for information): median {public_ms:.0f} ms")
    return 0 if median <= TARGET_MS and len(counts) == 1 else 1


def verify_second_factor(client, user) -> None:
    """Leads need a second factor; mark the session verified as after the two-step sign-in."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def load():
    """The data set, created once; a second run reuses it."""
    from certify.records.models import (
        Agency,
        AgencyMembership,
        CertificationRequest,
        CertifyingOfficial,
        RequestEvent,
        User,
        new_reference,
    )

    lead_email = f"lead@{PREFIX}.example"
    first_slug = f"{PREFIX}-0000"
    if Agency.objects.filter(slug=first_slug).exists():
        return User.objects.get(email=lead_email), Agency.objects.get(slug=first_slug)
    started = time.perf_counter()
    rng = random.Random(20260)  # noqa: S311 - repeatable test data, not security
    Agency.objects.bulk_create(
        Agency(
            name=f"Bench Agency {i:04d}",
            slug=f"{PREFIX}-{i:04d}",
            kind="police",
            state=STATES[i % len(STATES)],
            time_zone=ZONES[i % len(ZONES)],
        )
        for i in range(AGENCIES)
    )
    agencies = list(Agency.objects.filter(slug__startswith=PREFIX).order_by("slug"))
    # Unusable passwords: hashing thousands of them would be the slowest part of the set-up.
    User.objects.bulk_create(
        [User(email=lead_email, password="!")]  # noqa: S106 - an unusable password marker
        + [
            User(
                email=f"official{i}@{PREFIX}.example",
                first_name="Official",
                last_name=str(i),
                password="!",
            )  # noqa: S106
            for i in range(AGENCIES * OFFICIALS_PER_AGENCY)
        ]  # fmt: skip
    )
    lead = User.objects.get(email=lead_email)
    AgencyMembership.objects.create(user=lead, agency=agencies[0], role="lead")
    users = list(User.objects.filter(email__startswith="official").order_by("pk"))
    CertifyingOfficial.objects.bulk_create(
        CertifyingOfficial(
            user=user,
            agency=agencies[i // OFFICIALS_PER_AGENCY],
            title="Lieutenant",
            designation_date=date(2023, 1, 1),
        )
        for i, user in enumerate(users)
    )
    officials: dict[int, list[int]] = {}
    for pk, agency_id in CertifyingOfficial.objects.values_list("pk", "agency_id"):
        officials.setdefault(agency_id, []).append(pk)

    today = date.today()
    references: set[str] = set()
    withdrawn, reconsidered = [], []
    batch = []

    def flush():
        created = CertificationRequest.objects.bulk_create(batch)
        for req in created:
            if req.status == "withdrawn":
                withdrawn.append(req)
            elif req.status == "reconsideration":
                reconsidered.append(req)
        batch.clear()

    for i in range(REQUESTS):
        agency = agencies[i % AGENCIES]
        form = "U" if rng.random() < 0.8 else "T"
        reference = new_reference(form)
        while reference in references:
            reference = new_reference(form)
        references.add(reference)
        received = today - timedelta(days=rng.randint(0, 3 * 365))
        due = received + timedelta(days=rng.choice((30, 90, 90, 60)))
        roll = rng.random()
        decided_at = None
        if roll < 0.55:
            status = "certified"
        elif roll < 0.70:
            status = "denied"
        elif roll < 0.72:
            status = "reconsideration"
        elif roll < 0.77:
            status = "withdrawn"
        else:
            status = rng.choice(("received", "assigned", "in_review", "info_requested"))
        if status in ("certified", "denied", "reconsideration"):
            decided_on = received + timedelta(days=rng.randint(1, 150))
            if decided_on >= today:
                status, decided_on = "in_review", None
            else:
                decided_at = datetime.combine(decided_on, datetime.min.time(), UTC)
                decided_at += timedelta(hours=rng.randint(13, 30))
        batch.append(
            CertificationRequest(
                reference=reference,
                form=form,
                status=status,
                created_by=lead,
                filed_by="victim",
                agency=agency,
                assigned_official_id=rng.choice(officials[agency.pk]),
                received_on=received,
                due_date=due,
                decided_at=decided_at,
                submitted_at=datetime.combine(received, datetime.min.time(), UTC),
                other_names=[],
                wizard_data={},
            )
        )
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(request=req, kind="withdraw", from_status="received",
                         to_status="withdrawn",
                         created_at=datetime.combine(req.received_on + timedelta(days=5),
                                                     datetime.min.time(), UTC))
            for req in withdrawn
        ]
        + [
            RequestEvent(request=req, kind="ask_reconsideration", from_status="denied",
                         to_status="reconsideration",
                         created_at=req.decided_at + timedelta(days=10))
            for req in reconsidered
        ],
        batch_size=BATCH,
    )  # fmt: skip
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"bench_dashboard: loaded in {time.perf_counter() - started:.0f} s")
    return lead, agencies[0]


if __name__ == "__main__":
    sys.exit(main())
