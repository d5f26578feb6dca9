"""Benchmark: the request wizard under load, through gunicorn on PostgreSQL with DEBUG=false.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/certify_bench_perf \\
        .venv/bin/python tests/benchmarks/bench_wizard.py

On the reference data (benchdata.py), gunicorn is started with the web unit's own command line
(deploy/certify-web.service: workers, threads, --preload, --max-requests) on BENCH_PORT (9510),
DEBUG=false and the rate limits off (every virtual user comes from 127.0.0.1). Then, one phase
after another, BENCH_USERS (100) virtual users of a bounded asyncio client:

- `/healthz`, no think time: the floor (one SELECT 1 through the same server, answered before
  sessions, languages, CSRF and templates);
- three peers, anonymous, no think time, to show where a step's CPU goes: `/favicon.ico`
  (every middleware, a redirect, no template), `/privacy/` (the page layout around static
  text) and the first step shown again and again (a GET, nothing answered or saved);
- the wizard, anonymous, then signed in (a victim's account each), with no think time and with
  a 3-second think time (2-4 s, uniform): each user shows a step (GET) and answers it (POST,
  302 to the next), over the first steps, again and again. Signed in, each answer saves the
  draft.

Each phase prints requests a second, p50/p95/p99 and the workers' CPU time per request (read
from /proc before and after), beside the floor's; the goals are CPU per wizard request at most
2x the floor's and, with the think time, p95 <= 100 ms. The workers' RSS is printed at the end.
Exits 1 when a phase failed or missed a goal. Without a PostgreSQL DATABASE_URL it says so and
exits 0.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import benchdata
import httpload

PORT = int(os.environ.get("BENCH_PORT", "9510"))
USERS = int(os.environ.get("BENCH_USERS", "100"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
THINK_SECONDS = (2.0, 4.0)
CPU_GOAL_X_FLOOR = 2.0
P95_GOAL_MS = 100
STEPS = ["start", "victim", "contact", "crime"]
STAFF_USERS = 3
STAFF_SECONDS = 8
PAGE_GOAL_MS = 200
RSS_GOAL_MB = 150
VERDICT = {False: "OK", True: "OVER GOAL"}


def server_env(var_dir: Path) -> dict[str, str]:
    """Production settings for gunicorn, with this process's keys (the data was encrypted and
    the sessions signed with them)."""
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CERTIFY_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=settings.SECRET_KEY,
        FIELD_ENCRYPTION_KEYS=",".join(settings.FIELD_ENCRYPTION_KEYS),
        BLIND_INDEX_KEY=settings.BLIND_INDEX_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        CERTIFY_VAR_DIR=str(var_dir),
        CERTIFY_PRIVATE_DIR=str(settings.PRIVATE_STORAGE_DIR),
        SECURE_SSL_REDIRECT="false",
        RATE_LIMIT_ENABLED="false",
        CACHE="locmem",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        DATABASE_URL=os.environ["DATABASE_URL"],
    )
    return env


def collect_static(env: dict[str, str]) -> None:
    import subprocess

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=httpload.ROOT,
        env=env,
        check=True,
    )


def victims_sessions(count: int) -> list[str]:
    """A signed-in session key for each of `count` victims' accounts (made once)."""
    from django.contrib.auth.hashers import make_password
    from django.test import Client

    from certify.records.models import User

    password = make_password(None)
    keys = []
    for n in range(count):
        user, _ = User.objects.get_or_create(
            email=f"wizard{n}@{benchdata.PREFIX}.example", defaults={"password": password}
        )
        client = Client()
        client.force_login(user)
        keys.append(client.cookies["sessionid"].value)
    return keys


def answers() -> dict[str, dict]:
    sys.path.insert(0, str(httpload.ROOT))
    from tests.support.wizard import answers as valid_answers

    every = valid_answers()
    return {
        step: {
            "certify_request-current_step": step,
            **{(k if k.startswith(f"{step}-") else f"{step}-{k}"): v for k, v in fields.items()},
        }
        for step, fields in every.items()
        if step in STEPS
    }


def wizard_visit(port: int, sessions: list[str] | None, think: bool, posts: dict):
    async def visit(n: int, tally: httpload.Tally, deadline: float) -> None:
        browser = httpload.Browser(port)
        if sessions is not None:
            browser.cookies["sessionid"] = sessions[n % len(sessions)]
        await asyncio.sleep(random.uniform(*THINK_SECONDS) if think else 0)
        step = 0
        token = None
        while time.perf_counter() < deadline:
            name = STEPS[step % len(STEPS)]
            for method in ("GET", "POST"):
                if time.perf_counter() >= deadline:
                    return
                started = time.perf_counter()
                try:
                    form = None
                    if method == "POST":
                        form = {**posts[name], "csrfmiddlewaretoken": token}
                    reply = await browser.request(method, f"/apply/{name}/", form)
                except (OSError, TimeoutError, ConnectionError) as error:
                    tally.fail(type(error).__name__)
                    await asyncio.sleep(0.5)
                    break
                tally.add(started, reply.status)
                expected = 200 if method == "GET" else 302
                if reply.status != expected:
                    tally.fail(f"{method} {name}: {reply.status}")
                    break
                token = reply.csrf_token() if method == "GET" else None
                if think:
                    await asyncio.sleep(random.uniform(*THINK_SECONDS))
            step += 1

    return visit


def get_visit(port: int, path: str):
    """Each user asks for one path again and again, anonymous, with no think time."""

    async def visit(n: int, tally: httpload.Tally, deadline: float) -> None:
        browser = httpload.Browser(port)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                reply = await browser.request("GET", path)
            except (OSError, TimeoutError, ConnectionError) as error:
                tally.fail(type(error).__name__)
                continue
            tally.add(started, reply.status)

    return visit


# Peers between the floor and a wizard step, in the same run: what every page pays before its
# own work (Django's middleware: sessions, language, CSRF, sign-in, the security headers), and
# what the page layout costs around a page of static text.
PEERS = [
    ("/favicon.ico (middleware, no template)", "/favicon.ico"),
    ("/privacy/ (layout and static text)", "/privacy/"),
    ("/apply/start/ (a step shown, no answer)", "/apply/start/"),
]


def phase(
    server: httpload.Gunicorn, name: str, visit, seconds: float
) -> tuple[float, httpload.Tally, bool]:
    """Run one phase; print its line; return its CPU per request (ms), its tally and whether
    it was clean (no failures, no 5xx)."""
    cpu_before = server.worker_cpu_seconds()
    started = time.perf_counter()
    tally = asyncio.run(httpload.run_users(visit, USERS, seconds))
    elapsed = time.perf_counter() - started
    cpu = (server.worker_cpu_seconds() - cpu_before) * 1000 / max(tally.count, 1)
    print(
        f"  {name:<34} {tally.count / elapsed:7.1f} req/s  p50 {tally.median():7.1f}  "
        f"p95 {tally.percentile(95):7.1f}  p99 {tally.percentile(99):7.1f} ms  "
        f"CPU {cpu:5.2f} ms/req  ({tally.count} requests)",
        end="",
    )
    clean = not tally.failures and not tally.server_errors()
    if not clean:
        print(f"\n    !! failures {tally.failures} statuses {tally.statuses}", end="")
    return cpu, tally, clean


def main() -> int:
    if not benchdata.require_postgres("bench_wizard"):
        return 0
    benchdata.setup()
    benchdata.ensure()
    sessions = victims_sessions(USERS)
    posts = answers()
    with tempfile.TemporaryDirectory(prefix="certify-bench-wizard-") as work:
        env = server_env(Path(work) / "var")
        collect_static(env)
        server = httpload.Gunicorn(PORT, env, Path(work) / "gunicorn.log")
        try:
            server.wait_ready()
            return run_phases(server, sessions, posts)
        finally:
            server.stop()


def run_phases(server: httpload.Gunicorn, sessions: list[str], posts: dict) -> int:
    print(
        f"wizard: gunicorn {' '.join(httpload.unit_command(PORT)[2:])}\n"
        f"  {USERS} users, {SECONDS:.0f} s a phase, on {benchdata.REQUESTS:,} requests"
    )
    # Warm every worker and thread up (imports, templates, connections); not counted.
    asyncio.run(httpload.run_users(wizard_visit(PORT, None, False, posts), USERS, 3))
    floor, _, ok = phase(server, "/healthz (floor)", get_visit(PORT, "/healthz"), SECONDS)
    print("  floor")
    failed = not ok
    for name, path in PEERS:
        cpu, _, ok = phase(server, name, get_visit(PORT, path), SECONDS)
        print(f"\n    CPU {cpu / floor:.1f}x floor (a peer: no goal)")
        failed |= not ok
    for name, signed_in, think in (
        ("wizard, anonymous, no think time", False, False),
        ("wizard, anonymous, 3 s think time", False, True),
        ("wizard, signed in, no think time", True, False),
        ("wizard, signed in, 3 s think time", True, True),
    ):
        visit = wizard_visit(PORT, sessions if signed_in else None, think, posts)
        seconds = SECONDS * 1.5 if think else SECONDS
        cpu, tally, ok = phase(server, name, visit, seconds)
        over = cpu > CPU_GOAL_X_FLOOR * floor
        goal = f"goal <= {CPU_GOAL_X_FLOOR:.0f}x"
        print(f"\n    CPU {cpu / floor:.1f}x floor ({goal}) {VERDICT[over]}", end="")
        if think:
            p95 = tally.percentile(95)
            over |= p95 > P95_GOAL_MS
            verdict = VERDICT[p95 > P95_GOAL_MS]
            print(f"; p95 {p95:.0f} ms (goal <= {P95_GOAL_MS} ms) {verdict}", end="")
        failed |= over or not ok
        print()
    failed |= not staff_pages(server)
    return 1 if failed else 0


def staff_pages(server: httpload.Gunicorn) -> bool:
    """A burst of the heaviest staff pages at the 10,000-request agency, STAFF_USERS at a time,
    through the same server; then the workers' RSS. False when a page failed or a goal was
    missed."""
    from django.urls import reverse

    data = benchdata.Data()
    year = date.today().year - 1
    lead = benchdata.signed_in_client(data.lead).cookies["sessionid"].value
    official = benchdata.signed_in_client(data.official).cookies["sessionid"].value
    dashboard = reverse("agency_dashboard", args=[data.agency.slug])
    california = reverse("statutory_report", args=[data.agency.slug, "CA", year])
    illinois = reverse("statutory_report", args=[data.illinois.slug, "IL", year])
    pages = [
        ("queue", official, reverse("agency_queue")),
        ("requests list", official, reverse("request_list")),
        ("California report", lead, california),
        ("Illinois report", lead, illinois),
        ("lead dashboard", lead, f"{dashboard}?start={year}-01-01&end={year}-12-31"),
    ]  # fmt: skip
    print(f"staff pages at the 10,000-request agency, {STAFF_USERS} users at a time:")
    clean = True
    for name, session, path in pages:
        tally = asyncio.run(
            httpload.run_users(page_visit(session, path), STAFF_USERS, STAFF_SECONDS)
        )
        over = tally.median() > PAGE_GOAL_MS
        print(
            f"  {name:<20} p50 {tally.median():7.1f}  p95 {tally.percentile(95):7.1f} ms "
            f"({tally.count} requests) goal p50 <= {PAGE_GOAL_MS} ms {VERDICT[over]}"
        )
        clean &= tally.statuses.keys() == {200} and not tally.failures and not over
    rss = server.worker_rss_mb()
    over = not rss or max(rss) > RSS_GOAL_MB
    print(
        f"  workers' RSS after the wizard and staff pages: {', '.join(f'{r:.0f}' for r in rss)} MB"
        f" (goal <= {RSS_GOAL_MB} MB) {VERDICT[over]}"
    )
    return clean and not over


def page_visit(session: str, path: str):
    async def visit(n: int, tally: httpload.Tally, deadline: float) -> None:
        browser = httpload.Browser(PORT, cookies={"sessionid": session})
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                reply = await browser.request("GET", path)
            except (OSError, TimeoutError, ConnectionError) as error:
                tally.fail(type(error).__name__)
                continue
            tally.add(started, reply.status)

    return visit


if __name__ == "__main__":
    sys.exit(main())
