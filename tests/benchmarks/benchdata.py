"""The reference data for the benchmarks: 100,000 requests over 500 agencies on PostgreSQL.

One agency (a big-city police department in California) holds 10,000 requests; the other
90,000 are spread over 499 agencies. Every agency has a coordinator, a lead and three
certifying officials; every request that left the draft stage has its events (submit, receive,
and the decision or withdrawal), so the reports, the dashboard and the retention purge read a
history as they would in production. Victims' names are encrypted as the application would
store them; the other encrypted fields are blank.

`ensure()` creates the database if it is missing, migrates it, and loads the data once: a
second run finds the first agency and reuses everything (rerunnable on the same database).
Rows go in with COPY; each column not set here takes the value a fresh instance would save,
so columns added later need no change here.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certify.settings")

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100000"))
AGENCIES = 500
BIG_AGENCY_REQUESTS = REQUESTS // 10
OFFICIALS_PER_AGENCY = 3
PREFIX = "bench"
STATES = ["CA", "WA", "IL", "CO", "OR", "NV", "MA", "TX", "NY", "MN"]
ZONES = ["America/Los_Angeles", "America/Chicago", "America/Denver", "America/New_York"]
GIVEN = ["José", "Ana", "María", "Luis", "Fatima", "Nguyen", "Olena", "Carmen", "Ali", "Rosa"]
FAMILY = ["García", "Pérez", "Hernández", "López", "Tran", "Kovalenko", "Silva", "Khan"]
OPEN = ("received", "assigned", "in_review", "info_requested")
CLOSED = ("certified", "denied", "withdrawn", "cert_withdrawn")


def require_postgres(name: str) -> bool:
    """True when DATABASE_URL names PostgreSQL; otherwise say why the benchmark is skipped."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            f"{name}: set DATABASE_URL to a throwaway PostgreSQL database "
            "(e.g. postgres://postgres@127.0.0.1:5432/certify_bench_perf); skipped."
        )
        return False
    return True


def create_database(url: str) -> None:
    """CREATE DATABASE when it does not exist yet (through the server's `postgres` database)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup() -> None:
    """Create and migrate the database, then start Django for the benchmark."""
    create_database(os.environ["DATABASE_URL"])
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def _row_template(model, **values):
    """Column -> database value for a fresh instance, with `values` set on it."""
    from django.db import connection

    instance = model(**values)
    base = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        base[field.column] = field.get_db_prep_save(field.pre_save(instance, add=True), connection)
    return base


def copy_rows(model, rows, base: dict) -> int:
    """COPY `rows` (dicts of column -> value, over `base`) into the model's table."""
    from django.db import connection

    columns = list(base)
    column_list = ", ".join(f'"{c}"' for c in columns)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor, for COPY
        with raw.copy(f'COPY "{model._meta.db_table}" ({column_list}) FROM STDIN') as copy:
            for row in rows:
                values = dict(base)
                values.update(row)
                copy.write_row([values[c] for c in columns])
                count += 1
    return count


def event(request_id: int, kind: str, from_status: str, to_status: str, at: datetime) -> dict:
    return {
        "request_id": request_id,
        "kind": kind,
        "from_status": from_status,
        "to_status": to_status,
        "created_at": at,
    }


def chunks(queryset, size: int = 50_000):
    """Lists of a values_list's rows by primary key (the first value), read before each COPY:
    one connection cannot read a query while it writes a COPY."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


class Data:
    """What the benchmarks need to find again: the big agency, its lead and an official."""

    def __init__(self) -> None:
        from certify.records.models import Agency, CertifyingOfficial, User

        self.agency = Agency.objects.get(slug=f"{PREFIX}-0000")
        self.illinois = Agency.objects.get(slug=f"{PREFIX}-0002")
        self.lead = User.objects.get(email=f"lead@{PREFIX}.example")
        self.official = (
            CertifyingOfficial.objects.filter(agency=self.agency).order_by("pk").first().user
        )
        self.coordinator = User.objects.get(email=f"coordinator0@{PREFIX}.example")


def ensure() -> Data:
    """The data set, loaded once; a second run reuses it."""
    from certify.records.models import Agency

    if not Agency.objects.filter(slug=f"{PREFIX}-0000").exists():
        load()
    return Data()


def load() -> None:  # noqa: C901, PLR0915 - one linear recipe reads best in one place
    from django.db import connection, transaction

    from certify.records import crypto
    from certify.records.models import (
        Agency,
        AgencyMembership,
        CertificationRequest,
        CertifyingOfficial,
        RequestEvent,
        User,
    )

    started = time.perf_counter()
    rng = random.Random(20260)  # noqa: S311 - repeatable test data, not security
    with transaction.atomic():
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
        users = [User(email=f"lead@{PREFIX}.example", password="!")]  # noqa: S106
        for i in range(AGENCIES):
            users.append(User(email=f"coordinator{i}@{PREFIX}.example", password="!"))  # noqa: S106
            users.append(User(email=f"agencylead{i}@{PREFIX}.example", password="!"))  # noqa: S106
            for j in range(OFFICIALS_PER_AGENCY):
                users.append(
                    User(
                        email=f"official{i}-{j}@{PREFIX}.example",
                        first_name="Official",
                        last_name=f"{i}-{j}",
                        password="!",  # noqa: S106
                    )
                )
        User.objects.bulk_create(users, batch_size=2000)
        by_email = dict(User.objects.filter(email__endswith=f"@{PREFIX}.example").values_list(
            "email", "pk"
        ))  # fmt: skip
        lead_id = by_email[f"lead@{PREFIX}.example"]
        memberships = [
            AgencyMembership(user_id=lead_id, agency=agencies[0], role="lead"),
            AgencyMembership(user_id=lead_id, agency=agencies[2], role="lead"),
        ]
        officials = []
        for i, agency in enumerate(agencies):
            memberships.append(AgencyMembership(
                user_id=by_email[f"coordinator{i}@{PREFIX}.example"], agency=agency,
                role="coordinator",
            ))  # fmt: skip
            memberships.append(AgencyMembership(
                user_id=by_email[f"agencylead{i}@{PREFIX}.example"], agency=agency, role="lead"
            ))  # fmt: skip
            for j in range(OFFICIALS_PER_AGENCY):
                officials.append(CertifyingOfficial(
                    user_id=by_email[f"official{i}-{j}@{PREFIX}.example"], agency=agency,
                    title="Lieutenant", designation_date=date(2023, 1, 1),
                ))  # fmt: skip
        AgencyMembership.objects.bulk_create(memberships, batch_size=2000)
        CertifyingOfficial.objects.bulk_create(officials, batch_size=2000)
        official_ids: dict[int, list[int]] = {}
        for pk, agency_id in CertifyingOfficial.objects.values_list("pk", "agency_id"):
            official_ids.setdefault(agency_id, []).append(pk)

        today = date.today()
        fields = {f.name: f for f in CertificationRequest._meta.concrete_fields}
        has_closed_at = "closed_at" in fields
        base = _row_template(
            CertificationRequest,
            form="U",
            created_by_id=lead_id,
            filed_by="victim",
            status="received",
            agency=agencies[0],
            other_names=[],
            wizard_data={},
        )
        name_cipher = {
            (g, f): (crypto.encrypt_str(g), crypto.encrypt_str(f)) for g in GIVEN for f in FAMILY
        }

        def requests():
            for i in range(REQUESTS):
                if i < BIG_AGENCY_REQUESTS:
                    agency = agencies[0]
                else:
                    agency = agencies[1 + (i - BIG_AGENCY_REQUESTS) % (AGENCIES - 1)]
                form = "U" if rng.random() < 0.8 else "T"
                received = today - timedelta(days=rng.randint(0, 3 * 365))
                due = received + timedelta(days=rng.choice((30, 90, 90, 60)))
                roll = rng.random()
                decided_at = closed_at = signature = None
                if roll < 0.55:
                    status = "certified"
                elif roll < 0.70:
                    status = "denied"
                elif roll < 0.72:
                    status = "reconsideration"
                elif roll < 0.77:
                    status = "withdrawn"
                else:
                    status = rng.choice(OPEN)
                if status in ("certified", "denied", "reconsideration"):
                    decided_on = received + timedelta(days=rng.randint(1, 150))
                    if decided_on >= today:
                        status = "in_review"
                    else:
                        decided_at = datetime.combine(decided_on, datetime.min.time(), UTC)
                        decided_at += timedelta(hours=rng.randint(13, 30))
                        if status == "certified":
                            signature = decided_on
                if status == "withdrawn":
                    closed_at = datetime.combine(
                        received + timedelta(days=5), datetime.min.time(), UTC
                    )
                elif status in ("certified", "denied"):
                    closed_at = decided_at
                assigned = None if status == "received" else rng.choice(official_ids[agency.pk])
                given, family = name_cipher[(rng.choice(GIVEN), rng.choice(FAMILY))]
                row = {
                    "reference": f"{form}{i:07d}BN",
                    "form": form,
                    "status": status,
                    "agency_id": agency.pk,
                    "assigned_official_id": assigned,
                    "received_on": received,
                    "due_date": due,
                    "decided_at": decided_at,
                    "signature_date": signature,
                    "submitted_at": datetime.combine(received, datetime.min.time(), UTC),
                    "created_at": datetime.combine(received, datetime.min.time(), UTC),
                    "given_name": given,
                    "family_name": family,
                }
                if has_closed_at:
                    row["closed_at"] = closed_at
                yield row

        copy_rows(CertificationRequest, requests(), base)
        print(f"benchdata: {REQUESTS:,} requests in {time.perf_counter() - started:.0f} s")

        event_base = _row_template(RequestEvent, kind="submit", created_at=datetime.now(UTC))
        event_base["request_id"] = None
        rows = CertificationRequest.objects.filter(reference__endswith="BN").values_list(
            "pk", "status", "submitted_at", "decided_at"
        )

        def events(chunk):
            for pk, status, submitted, decided in chunk:
                yield event(pk, "submit", "draft", "submitted", submitted)
                yield event(
                    pk, "receive", "submitted", "received", submitted + timedelta(minutes=5)
                )
                if status == "withdrawn":
                    yield event(
                        pk, "withdraw", "received", "withdrawn", submitted + timedelta(days=5)
                    )
                elif decided is not None:
                    kind, to = (
                        ("certify", "certified") if status == "certified" else ("deny", "denied")
                    )
                    yield event(pk, kind, "in_review", to, decided)
                    if status == "reconsideration":
                        yield event(pk, "ask_reconsideration", "denied", "reconsideration",
                                    decided + timedelta(days=10))  # fmt: skip

        count = sum(copy_rows(RequestEvent, events(chunk), event_base) for chunk in chunks(rows))
        print(f"benchdata: {count:,} events in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"benchdata: loaded in {time.perf_counter() - started:.0f} s")


def verify_second_factor(client, user) -> None:
    """Staff need a second factor; mark the session verified as after the two-step sign-in."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def signed_in_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    return client


def timed(call, runs: int) -> list[float]:
    """Milliseconds per call, after a warm-up call; pages slower than a second get 3 runs."""
    started = time.perf_counter()
    call()
    if time.perf_counter() - started > 1:
        runs = 3
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings
