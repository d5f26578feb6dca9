"""Readiness checks: can this process serve requests and will the background work get done?

Each check answers with a short fixed word or phrase, never an exception text, a path or a
host name, so the answer can be shown to whoever asks (a load balancer, a monitoring probe).
"ok" and "standin" pass; anything else fails.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.status import Stat

from forms.editions import all_editions
from forms.models import InstalledEdition

OK = "ok"
# The demo fills the stand-in forms: fine while DEBUG is on, a failure in production.
STANDIN = "standin"
PASSING = frozenset({OK, STANDIN})

# django-q2 saves each cluster's status in the cache every half second with a 3-second
# expiry; a status older than this is a cluster that stopped saving it.
HEARTBEAT_MAX_AGE = timedelta(seconds=30)


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        return "unavailable"
    return OK


def check_cache() -> str:
    key = f"certify:health:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        read = cache.get(key)
        cache.delete(key)
    except Exception:  # noqa: BLE001 - a cache that raises is not usable
        return "unavailable"
    return OK if read == value else "not storing"


def check_private_storage() -> str:
    """Uploads and generated PDFs are written under PRIVATE_STORAGE_DIR."""
    directory = Path(settings.PRIVATE_STORAGE_DIR)
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".health-", delete=True) as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError:
        return "not writable"
    return OK


def check_task_cluster() -> str:
    """At least one django-q2 cluster sharing this cache saved a running status lately."""
    now = timezone.now()
    running = {Conf.STARTING, Conf.IDLE, Conf.WORKING}
    try:
        stats = Stat.get_all(broker=get_broker())
    except Exception:  # noqa: BLE001 - an unreadable status is no heartbeat
        return "no heartbeat"
    # The status names are translatable; compare them in one language.
    with translation.override("en"):
        alive = [
            stat
            for stat in stats
            if str(stat.status) in {str(state) for state in running}
            and now - stat.timestamp <= HEARTBEAT_MAX_AGE
        ]
    return OK if alive else "no heartbeat"


def check_form_editions() -> str:
    """The official USCIS PDF of each form's newest edition is installed. Without it certify
    fills a stand-in that USCIS would not accept; the demo runs on the stand-ins."""
    newest = {edition.form: edition for edition in all_editions()}
    try:
        installed = set(InstalledEdition.objects.values_list("form", "edition"))
    except Exception:  # noqa: BLE001 - the database check names the cause
        return "unknown"
    missing = [e for e in newest.values() if (e.form, e.edition) not in installed]
    if not missing:
        return OK
    if settings.DEBUG:
        return STANDIN
    return "missing " + ", ".join(f"{e.form} {e.edition}" for e in missing)


READINESS_CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "private_storage": check_private_storage,
    "task_cluster": check_task_cluster,
    "form_editions": check_form_editions,
}


def readiness() -> dict[str, str]:
    """Every check's answer, by name."""
    return {name: check() for name, check in READINESS_CHECKS.items()}


def failing(results: dict[str, str]) -> list[str]:
    return [name for name, result in results.items() if result not in PASSING]
