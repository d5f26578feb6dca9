"""The liveness and readiness probes: JSON, each check by name, 503 naming what fails."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.signing import SignedPackage
from django_q.status import Stat, Status

from certify.records import health
from forms.editions import all_editions
from forms.install import install_edition
from forms.standin import standin_bytes

# cluster_env (a fixture: a temporary var dir and database for child processes) is imported to
# be visible here; the test asks for it by name.
from tests.workflows.tasks.test_qcluster import ROOT, _python, _stop, cluster_env  # noqa: F401

ALL_CHECKS = {"database", "cache", "private_storage", "task_cluster", "form_editions"}


def cluster_heartbeat(status=None, age_seconds: float = 0, cluster_id: str = "test-cluster"):
    """What a running django-q2 cluster saves in the cache every half second."""
    beat = Status(pid=4242, cluster_id=cluster_id)
    beat.status = Conf.IDLE if status is None else status
    beat.timestamp = timezone.now() - timedelta(seconds=age_seconds)
    get_broker().set_stat(Stat.get_key(cluster_id), SignedPackage.dumps(beat, True), 3)


@pytest.fixture
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


@pytest.fixture
def official_editions(private_dir, tmp_path):
    # The stand-in passes the field-map check, so it stands in for the USCIS file here.
    newest = {edition.form: edition for edition in all_editions()}
    for edition in newest.values():
        path = tmp_path / f"{edition.slug}.pdf"
        path.write_bytes(standin_bytes(edition))
        install_edition(path, edition)


def test_liveness_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_answers_200_with_every_check_when_all_pass(client, db, official_editions):
    cluster_heartbeat()
    response = client.get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body == {"status": "ok", "checks": dict.fromkeys(ALL_CHECKS, "ok"), "failing": []}


def test_readiness_answers_503_naming_the_cluster_when_it_is_stopped(client, db, official_editions):
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["task_cluster"]
    assert body["checks"]["task_cluster"] == "no heartbeat"
    assert body["checks"]["database"] == "ok"


@pytest.mark.parametrize(
    "status,age", [(Conf.STOPPED, 0), (Conf.STOPPING, 0), (Conf.IDLE, 120)], ids=str
)
def test_a_stopping_or_silent_cluster_is_not_ready(client, db, official_editions, status, age):
    cluster_heartbeat(status=status, age_seconds=age)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["task_cluster"]


def test_a_working_cluster_is_ready_whatever_language_the_last_request_used(db, settings):
    from django.utils import translation

    cluster_heartbeat(status=Conf.WORKING)
    with translation.override("es"):
        assert health.check_task_cluster() == "ok"


def test_without_the_official_edition_production_is_not_ready(client, db, private_dir):
    cluster_heartbeat()
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["form_editions"]
    assert body["checks"]["form_editions"].startswith("missing I-918B")


def test_the_demo_reports_the_standin_editions_and_stays_ready(client, db, private_dir, settings):
    settings.DEBUG = True
    cluster_heartbeat()
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["form_editions"] == "standin"


def test_unwritable_private_storage_is_not_ready(db, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.PRIVATE_STORAGE_DIR = blocker / "private"
    assert health.check_private_storage() == "not writable"
    assert "private_storage" in health.failing(health.readiness())


def test_a_cache_that_keeps_nothing_is_not_ready(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert health.check_cache() == "not storing"


def test_a_database_that_fails_is_not_ready(client, db, monkeypatch, official_editions):
    class BrokenConnection:
        def cursor(self):
            raise RuntimeError("connection refused to db.internal:5432")

    cluster_heartbeat()
    monkeypatch.setattr("certify.records.health.connection", BrokenConnection())
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"
    # The cause stays in the server's logs, not in a public answer.
    assert b"db.internal" not in response.content


def test_probes_answer_over_plain_http_by_the_servers_own_address(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["certify.example.org"]
    client = Client(HTTP_HOST="10.0.0.7")
    for path in ("/health/live", "/healthz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["X-Frame-Options"] == "DENY"
        assert "default-src 'self'" in response["Content-Security-Policy"]
    assert client.get("/health/ready").status_code in {200, 503}
    # Any other page over plain HTTP is sent to HTTPS, and an unknown host is refused.
    assert client.get("/", HTTP_HOST="certify.example.org").status_code == 301
    assert client.get("/", secure=True).status_code == 400


def test_probes_refuse_writes(client, db):
    assert client.post("/health/live").status_code == 405
    assert client.post("/health/ready").status_code == 405
    assert client.head("/health/live").status_code == 200


# What a second process sees: the readiness check in a child with the cluster's settings.
CHECK = r"""
import sys, time

import django

django.setup()
from certify.records import health

want, limit = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + limit
result = health.check_task_cluster()
while result != want and time.monotonic() < deadline:
    time.sleep(0.5)
    result = health.check_task_cluster()
print(result)
"""


@pytest.mark.qcluster
def test_a_real_cluster_is_seen_while_it_runs_and_missed_once_it_stops(request, tmp_path):
    """The heartbeat the check reads is the one `manage.py qcluster` really writes (to the
    file cache under CERTIFY_VAR_DIR, shared by every process of the host)."""
    env = request.getfixturevalue("cluster_env")
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "django_q", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr[-4000:]
    assert _python(env, CHECK, "no heartbeat", "0", timeout=60) == "no heartbeat"

    log_path = tmp_path / "qcluster.log"
    with log_path.open("w") as log:
        cluster = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            running = _python(env, CHECK, "ok", "45", timeout=90)
        finally:
            _stop(cluster)
    assert running == "ok", log_path.read_text(errors="replace")[-4000:]
    assert _python(env, CHECK, "no heartbeat", "45", timeout=90) == "no heartbeat"
