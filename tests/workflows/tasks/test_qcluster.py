"""A real q cluster runs the sweep: `manage.py qcluster` as a subprocess on a real database.

Everything the test needs happens in child processes against a database of its own (a file
under a temporary CERTIFY_VAR_DIR for SQLite; a throwaway database on the DATABASE_URL server
for PostgreSQL), so it does not depend on the in-memory or transactional test database. Every
wait is bounded, and the cluster is killed by process group: TERM, then KILL after 10 s,
because qcluster has been seen to hang after SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[3]
RESULT_TIMEOUT = 60

# Seeds one overdue-soon request, then enqueues the sweep (sync is off: no CERTIFY_TESTING).
SEED = r"""
import json
from datetime import date, timedelta

import django

django.setup()
from django.utils import timezone
from django_q.tasks import async_task

from certify.records.models import (
    Agency, AgencyMembership, CertificationRequest, CertifyingOfficial, User,
)
from workflows.deadlines import agency_today

agency = Agency.objects.create(name="Q Police", slug="q-police", kind="police", state="CA")
official_user = User.objects.create_user(email="q.official@example.org")
official = CertifyingOfficial.objects.create(
    user=official_user, agency=agency, title="Lt", designation_date=date(2024, 1, 1)
)
requester = User.objects.create_user(email="q.requester@example.org")
req = CertificationRequest.objects.create(
    form="U", created_by=requester, filed_by="victim", agency=agency, status="assigned",
    assigned_official=official, given_name="Quinn", family_name="Secret",
    due_date=agency_today(agency.time_zone) + timedelta(days=7),
)
print(json.dumps({"task_id": async_task("workflows.tasks.sweep"), "request_id": req.pk}))
"""

# Waits (bounded) for the task's result row and reports it with what was claimed and sent.
WAIT = r"""
import json, sys, time

import django

django.setup()
from django_q.models import Task

from workflows.models import NoticeClaim

task_id, limit = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + limit
task = None
while time.monotonic() < deadline:
    task = Task.objects.filter(id=task_id).first()
    if task is not None:
        break
    time.sleep(0.5)
claims = list(NoticeClaim.objects.values("kind", "sent_at"))
print(json.dumps({
    "found": task is not None,
    "success": bool(task and task.success),
    "result": task.result if task is not None else None,
    "claims": [{"kind": c["kind"], "sent": c["sent_at"] is not None} for c in claims],
}, default=str))
"""


def _admin_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def _run_psql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def cluster_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CERTIFY_TESTING"}
    env.update(
        CERTIFY_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="certify.settings",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        # The scheduler would start its own sweep at once (a new schedule is due immediately);
        # this test wants exactly the task it enqueued.
        Q_SCHEDULER="0",
        Q_WORKERS="1",
        DEBUG="1",
    )
    base_url = os.environ.get("DATABASE_URL", "")
    db_name = None
    if base_url:
        db_name = f"certify_qc_{uuid.uuid4().hex[:10]}"
        try:
            _run_psql(base_url, f'CREATE DATABASE "{db_name}"')
        except Exception as exc:
            if os.environ.get("CI"):
                raise
            pytest.skip(f"cannot create a throwaway PostgreSQL database: {exc}")
        env["DATABASE_URL"] = urlunsplit(urlsplit(base_url)._replace(path=f"/{db_name}"))
    try:
        yield env
    finally:
        if db_name:
            _run_psql(base_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def _python(env, code: str, *args: str, timeout: float) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout.strip().splitlines()[-1]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.mark.qcluster
def test_a_real_cluster_runs_the_sweep_and_sends_the_reminder_once(cluster_env, tmp_path):
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=cluster_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr[-4000:]
    seeded = json.loads(_python(cluster_env, SEED, timeout=60))

    log_path = tmp_path / "qcluster.log"
    with log_path.open("w") as log:
        cluster = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=cluster_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the workers die with it
        )
        try:
            started = time.monotonic()
            outcome = json.loads(
                _python(
                    cluster_env,
                    WAIT,
                    seeded["task_id"],
                    str(RESULT_TIMEOUT),
                    timeout=RESULT_TIMEOUT + 30,
                )
            )
        finally:
            _stop(cluster)
    output = log_path.read_text(errors="replace")
    assert outcome["found"], f"no result within {RESULT_TIMEOUT} s; cluster log:\n{output[-4000:]}"
    assert outcome["success"], outcome
    assert outcome["result"]["deadline_sent"] == 1, outcome
    assert outcome["claims"] == [{"kind": "due_7", "sent": True}]
    # The console backend printed the e-mail: neutral, without the victim's name.
    assert "A request is due in 7 days" in output
    assert "Quinn" not in output and "Secret" not in output
    assert time.monotonic() - started < RESULT_TIMEOUT + 30
