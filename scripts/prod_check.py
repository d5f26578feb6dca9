"""`make prod-check`: certify on two hosts, on this machine, on PostgreSQL with DEBUG=false.

Starts two gunicorn instances (the web unit's own command line, on PROD_CHECK_PORT and the
next port) and two django-q2 clusters (the scheduler on the first only), sharing a throwaway
PostgreSQL database, the cache in that database (CACHE=database; with PROD_CHECK_CACHE=redis,
a Redis database of its own instead, PROD_CHECK_REDIS_URL, emptied before and after) and the
ORM broker (the one broker the settings use). E-mail goes to files in a temporary folder, which
the check reads.
Then:

1. sessions: signed in on one host, the other host knows the person; an anonymous visitor's
   wizard answers given on one host are there on the other;
2. rate limits: 20 failed sign-ins from one address, alternating hosts, then one more on each
   host is refused (429): the count is shared;
3. load and loss: virtual users answer the wizard and probe /healthz on both hosts (a user whose
   host is gone goes to the other, as a load balancer would); sweeps are queued for the
   clusters to send the reminders due on 400 open requests; in the middle, one web instance
   and one cluster are killed (SIGKILL, as a lost host);
4. notices: every due reminder is sent exactly once (one e-mail per claim, one claim per
   request and recipient, none left unsent). A claim the killed cluster held when it died is
   retried after its lease (10 minutes) runs out; the check ages those leases instead of
   waiting, and says how many.

Passes when there is no 5xx, no failed request beyond those in flight on the killed instance,
and every check holds. Cleans up its processes, files and database; takes about 2 minutes.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

import httpload  # noqa: E402  (tests/benchmarks is put on the path just above)

PORT = int(os.environ.get("PROD_CHECK_PORT", "9520"))
CACHE = os.environ.get("PROD_CHECK_CACHE", "database")
REDIS_URL = os.environ.get("PROD_CHECK_REDIS_URL", "redis://127.0.0.1:6379/13")
SERVER_URL = os.environ.get("PROD_CHECK_DATABASE", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = f"certify_perf_prodcheck_{os.getpid()}"
REQUESTS = 400
COORDINATORS = 2
USERS = 40
LOAD_SECONDS = 40
KILL_AFTER = 15
SIGN_IN_LIMIT = 20
# The sign-in limit's window (certify.site.accounts.ratelimit): 5 minutes.
SIGN_IN_WINDOW = 300
REFERENCE = re.compile(r"U-CHK-\d{5}")
PASSWORD = "prod-check-" + secrets.token_urlsafe(12)


def say(text: str) -> None:
    print(f"== {text}", flush=True)


# --- the database and the settings --------------------------------------------------------------


def database_url(name: str) -> str:
    parts = urlsplit(SERVER_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(statement)


def production_env(work: Path) -> dict[str, str]:
    fernet = base64.urlsafe_b64encode(os.urandom(32)).decode()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CERTIFY_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        FIELD_ENCRYPTION_KEYS=fernet,
        BLIND_INDEX_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(DATABASE),
        CERTIFY_VAR_DIR=str(work / "var"),
        CACHE=CACHE,
        REDIS_URL=REDIS_URL,
        SECURE_SSL_REDIRECT="false",
        # The load's virtual users each come from their own address, as behind a proxy.
        TRUSTED_PROXY_COUNT="1",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(work / "mail"),
        Q_WORKERS="2",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    if args[:1] == ("shell",):
        # Django 5.2's shell imports every model and says so on stdout; the check reads stdout.
        args = ("shell", "--no-imports", *args[1:])
    done = subprocess.run(  # noqa: S603 - manage.py with our own arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


SEED = """
import json
from datetime import timedelta
from django.utils import timezone
from django_q.models import Schedule
from certify.records.models import Agency, AgencyMembership, CertificationRequest, User
from workflows.tasks import SWEEP_SCHEDULE_NAME

agency = Agency.objects.create(name="Check Police", slug="check-police", kind="police",
    level="local", category="law_enforcement", state="CA", city="Oakland",
    time_zone="America/Los_Angeles")
coordinators = [User.objects.create_user(email=f"coordinator{{n}}@check.example", password=None)
                for n in range({coordinators})]
for user in coordinators:
    AgencyMembership.objects.create(user=user, agency=agency, role="coordinator")
victim = User.objects.create_user(email="victim@check.example", password="{password}")
today = timezone.localdate()
CertificationRequest.objects.bulk_create(
    CertificationRequest(reference=f"U-CHK-{{n:05d}}", form="U", filed_by="victim",
        status="received", created_by=victim, agency=agency,
        due_date=today + timedelta(days=2 + n % 12))
    for n in range({requests})
)
# The scheduler's first sweep is due now, not in 15 minutes.
Schedule.objects.filter(name=SWEEP_SCHEDULE_NAME).update(next_run=timezone.now())
print(json.dumps({{"coordinators": len(coordinators)}}))
"""


def seed(env: dict[str, str]) -> None:
    code = SEED.format(coordinators=COORDINATORS, requests=REQUESTS, password=PASSWORD)
    manage(env, "shell", "-c", code)


# --- the processes -----------------------------------------------------------------------------


def cluster(env: dict[str, str], *, scheduler: bool, log: Path) -> httpload.Service:
    command = [sys.executable, "manage.py", "qcluster"]
    return httpload.Service(command, {**env, "Q_SCHEDULER": str(scheduler).lower()}, log)


# --- the checks --------------------------------------------------------------------------------


async def sign_in(browser: httpload.Browser, email: str, password: str) -> httpload.Response:
    page = await browser.request("GET", "/sign-in/")
    token = page.csrf_token()
    form = {"username": email, "password": password, "csrfmiddlewaretoken": token}
    return await browser.request("POST", "/sign-in/", form)


async def check_sessions(ports: list[int]) -> list[str]:
    problems = []
    victim = httpload.Browser(ports[0])
    reply = await sign_in(victim, "victim@check.example", PASSWORD)
    if reply.status != 302:
        problems.append(f"sign-in on {ports[0]} answered {reply.status}")
    victim.port = ports[1]
    page = await victim.request("GET", "/requests/")
    if page.status != 200:
        problems.append(f"the signed-in session on {ports[1]}: {page.status}, not 200")
    visitor = httpload.Browser(ports[0])
    start = await visitor.request("GET", "/apply/start/")
    form = {
        "certify_request-current_step": "start",
        "start-filed_by": "victim",
        "start-form": "U",
        "csrfmiddlewaretoken": start.csrf_token(),
    }
    posted = await visitor.request("POST", "/apply/start/", form)
    visitor.port = ports[1]
    victim_step = await visitor.request("GET", "/apply/victim/")
    if posted.status != 302 or victim_step.status != 200:
        problems.append(
            f"wizard answers across hosts: POST {posted.status} on {ports[0]}, "
            f"GET {victim_step.status} on {ports[1]} (want 302, 200)"
        )
    return problems


async def check_rate_limit(ports: list[int]) -> list[str]:
    address = "203.0.113.77"  # documentation range: only ever a header here
    # The limiter keeps its count in 5-minute windows and weighs the previous window's
    # attempts as if they were spread evenly over it: begin with a minute or more of the window
    # left, so that the 22 sign-ins (seconds) fall in one window and are counted exactly.
    left = SIGN_IN_WINDOW - time.time() % SIGN_IN_WINDOW
    if left < 60:
        await asyncio.sleep(left + 1)
    statuses = []
    for attempt in range(SIGN_IN_LIMIT + 2):
        browser = httpload.Browser(ports[attempt % 2], headers={"X-Forwarded-For": address})
        reply = await sign_in(browser, f"nobody{attempt}@check.example", "wrong-password")
        statuses.append(reply.status)
    within, beyond = statuses[:SIGN_IN_LIMIT], statuses[SIGN_IN_LIMIT:]
    problems = []
    if 429 in within:
        problems.append(f"refused within the limit: {within}")
    if beyond != [429, 429]:
        problems.append(f"attempts {SIGN_IN_LIMIT + 1} and {SIGN_IN_LIMIT + 2} got {beyond}")
    return problems


def load_visit(ports: list[int], alive: dict[int, bool], inflight_lost: list[int]):
    steps = [
        ("start", {"start-filed_by": "victim", "start-form": "U"}),
        ("victim", None),
    ]

    async def visit(n: int, tally: httpload.Tally, deadline: float) -> None:
        address = f"198.51.100.{n % 250 + 1}"
        browser = httpload.Browser(ports[n % 2], headers={"X-Forwarded-For": address})
        while time.perf_counter() < deadline:
            for step, answers in steps:
                for method in ("GET", "POST") if answers else ("GET",):
                    if not alive[browser.port]:
                        browser.port = next(p for p in ports if alive[p])
                    started = time.perf_counter()
                    port = browser.port
                    try:
                        if method == "GET":
                            reply = await browser.request("GET", f"/apply/{step}/")
                            token = reply.csrf_token()
                        else:
                            form = {
                                "certify_request-current_step": step,
                                "csrfmiddlewaretoken": token,
                                **answers,
                            }
                            reply = await browser.request("POST", f"/apply/{step}/", form)
                    except (OSError, TimeoutError, ConnectionError) as error:
                        if not alive[port]:
                            inflight_lost.append(1)
                        else:
                            tally.fail(f"{type(error).__name__} on a live host")
                        break
                    tally.add(started, reply.status)
                    await asyncio.sleep(random.uniform(0.2, 0.6))
                    if time.perf_counter() >= deadline:
                        return

    return visit


def enqueue_sweeps(env: dict[str, str], count: int) -> None:
    manage(
        env,
        "shell",
        "-c",
        "from django_q.tasks import async_task\n"
        f"for _ in range({count}): async_task('workflows.tasks.sweep')",
    )


NOTICE_STATE = """
import json
from django.utils import timezone
from workflows.models import NoticeClaim
claims = NoticeClaim.objects.all()
print(json.dumps({
    "claims": claims.count(),
    "sent": claims.filter(sent_at__isnull=False).count(),
    "unsent": claims.filter(sent_at__isnull=True).count(),
    "distinct": claims.values("request_id", "recipient_id", "kind", "key").distinct().count(),
    "requests": claims.values("request_id").distinct().count(),
}))
"""

AGE_LEASES = """
from datetime import timedelta
from django.utils import timezone
from workflows.models import NoticeClaim
print(NoticeClaim.objects.filter(sent_at__isnull=True).update(
    lease_until=timezone.now() - timedelta(seconds=1)))
"""


def notice_state(env: dict[str, str]) -> dict[str, int]:
    return json.loads(manage(env, "shell", "-c", NOTICE_STATE).strip().splitlines()[-1])


def wait_for_notices(env: dict[str, str], seconds: float) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    state = notice_state(env)
    while time.monotonic() < deadline:
        if state["claims"] >= REQUESTS * COORDINATORS and state["unsent"] == 0:
            break
        time.sleep(2)
        state = notice_state(env)
    return state


def emails_sent(folder: Path) -> list[tuple[str, str]]:
    """(recipient, reference) of every message the file backend wrote."""
    found = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for message in path.read_text(errors="replace").split("-" * 79):
            to = next((x[4:] for x in message.splitlines() if x.startswith("To: ")), None)
            reference = REFERENCE.search(message)
            if to:
                found.append((to.strip(), reference.group(0) if reference else ""))
    return found


# --- the run -----------------------------------------------------------------------------------


def run(work: Path) -> int:  # noqa: C901, PLR0915 - one scenario read top to bottom
    started = time.monotonic()
    env = production_env(work)
    say(f"database {DATABASE}, settings DEBUG=false CACHE={CACHE} broker=ORM, files in {work}")
    admin_sql(f'CREATE DATABASE "{DATABASE}"')
    manage(env, "migrate", "--noinput")
    if CACHE == "database":
        manage(env, "createcachetable")
    else:
        empty_redis()  # an earlier run's counts would refuse this run's sign-ins
    manage(env, "collectstatic", "--noinput")
    seed(env)
    ports = [PORT, PORT + 1]
    webs = [httpload.Gunicorn(p, env, work / f"gunicorn-{p}.log") for p in ports]
    clusters = [
        cluster(env, scheduler=True, log=work / "qcluster-a.log"),
        cluster(env, scheduler=False, log=work / "qcluster-b.log"),
    ]
    problems: list[str] = []
    try:
        for web in webs:
            web.wait_ready()
        say(f"two web instances on {ports[0]} and {ports[1]}, two clusters (scheduler on one)")

        say("sessions valid on either host")
        found = asyncio.run(check_sessions(ports))
        print("   ", "ok" if not found else "; ".join(found))
        problems += found

        say(f"rate limits shared: {SIGN_IN_LIMIT} failed sign-ins from one address, alternating")
        found = asyncio.run(check_rate_limit(ports))
        print("   ", "ok" if not found else "; ".join(found))
        problems += found

        say(
            f"load: {USERS} users for {LOAD_SECONDS} s across both hosts; sweeps queued; "
            f"at {KILL_AFTER} s the web on {ports[1]} and the second cluster are killed"
        )
        alive = dict.fromkeys(ports, True)
        lost: list[int] = []

        async def load() -> httpload.Tally:
            async def killer() -> None:
                await asyncio.sleep(KILL_AFTER - 3)
                await asyncio.to_thread(enqueue_sweeps, env, 4)
                await asyncio.sleep(3)
                alive[ports[1]] = False
                webs[1].kill()
                clusters[1].kill()

            task = asyncio.create_task(killer())
            tally = await httpload.run_users(load_visit(ports, alive, lost), USERS, LOAD_SECONDS)
            await task
            return tally

        tally = asyncio.run(load())
        errors = tally.server_errors()
        print(
            f"    {tally.count} requests, p50 {tally.median():.0f} ms, p95 "
            f"{tally.percentile(95):.0f} ms; statuses {dict(sorted(tally.statuses.items()))}; "
            f"lost in flight on the killed instance: {len(lost)}; other failures "
            f"{tally.failures or 'none'}"
        )
        if errors:
            problems.append(f"{errors} responses 5xx")
        if tally.failures:
            problems.append(f"failed requests on a live host: {tally.failures}")
        if len(lost) > USERS:
            problems.append(f"{len(lost)} lost requests, more than could be in flight")

        say("notices: waiting for the surviving cluster to send every due reminder")
        enqueue_sweeps(env, 1)
        state = wait_for_notices(env, 45)
        aged = 0
        if state["unsent"]:
            aged = int((manage(env, "shell", "-c", AGE_LEASES).strip().splitlines() or ["0"])[-1])
            print(f"    {aged} claims held by the killed cluster: lease aged, as 10 minutes would")
            enqueue_sweeps(env, 1)
            state = wait_for_notices(env, 45)
        emails = emails_sent(Path(env["EMAIL_FILE_PATH"]))
        expected = REQUESTS * COORDINATORS
        duplicates = len(emails) - len(set(emails))
        print(
            f"    due: {expected} reminders ({REQUESTS} requests x {COORDINATORS} coordinators); "
            f"claims {state['claims']} (distinct {state['distinct']}), sent {state['sent']}, "
            f"unsent {state['unsent']}; e-mails written {len(emails)}, duplicates {duplicates}"
        )
        if not (state["claims"] == state["distinct"] == state["sent"] == expected):
            problems.append("not every due reminder was claimed and sent once")
        if len(emails) != expected or duplicates:
            problems.append(f"{len(emails)} e-mails for {expected} reminders ({duplicates} twice)")
    finally:
        for web in webs:
            web.stop()
        for each in clusters:
            each.stop(30)
    elapsed = time.monotonic() - started
    if problems:
        print(f"prod-check: FAILED in {elapsed:.0f} s")
        for problem in problems:
            print(f"  - {problem}")
        print(f"  logs: {work} (kept)")
        return 1
    print(
        f"prod-check: passed in {elapsed:.0f} s: two hosts, one lost mid-load; sessions and "
        f"rate limits shared (CACHE={CACHE}); {REQUESTS * COORDINATORS} reminders sent "
        "exactly once"
    )
    return 0


def empty_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def main() -> int:
    if CACHE not in {"database", "redis"}:
        print(f"prod-check: PROD_CHECK_CACHE must be database or redis, got {CACHE!r}")
        return 2
    work = Path(tempfile.mkdtemp(prefix="certify-prod-check-"))
    code = 1
    try:
        code = run(work)
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if CACHE == "redis":
            empty_redis()
        if code == 0 or os.environ.get("CI"):
            shutil.rmtree(work, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
