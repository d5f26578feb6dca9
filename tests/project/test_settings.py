"""Production settings: refuse to start without secrets, and pass `check --deploy` clean."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

from tests.support.redis_server import redis_url

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env_extra: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is for the test process only; a
        # production check rightly refuses it.
        if key
        not in {
            "SECRET_KEY",
            "FIELD_ENCRYPTION_KEYS",
            "BLIND_INDEX_KEY",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update({"CERTIFY_VAR_DIR": str(tmp_path), "CERTIFY_TESTING": "0", **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env() -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "certify.example.org",
        # Production runs behind one TLS proxy (README); without this, check warns (W001).
        "TRUSTED_PROXY_COUNT": "1",
    }


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = run_manage("check", env_extra={"DEBUG": "false"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY, ALLOWED_HOSTS" in result.stderr
    assert not (tmp_path / "dev-keys.json").exists()


def test_production_refuses_a_malformed_boolean(tmp_path):
    result = run_manage(
        "check", env_extra={**production_env(), "DEBUG": "maybe"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_check_deploy_prints_no_warnings(tmp_path):
    result = run_manage("check", "--deploy", env_extra=production_env(), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_sessions_are_kept_server_side():
    from django.conf import settings

    assert "signed_cookies" not in settings.SESSION_ENGINE
    assert settings.SESSION_ENGINE == "certify.site.sessions"


def test_production_refuses_a_malformed_field_encryption_key(tmp_path):
    env = {**production_env(), "FIELD_ENCRYPTION_KEYS": "not-a-fernet-key"}
    result = run_manage("check", env_extra=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_a_second_key_that_is_malformed_is_refused_too(tmp_path):
    good = production_env()["FIELD_ENCRYPTION_KEYS"]
    env = {**production_env(), "FIELD_ENCRYPTION_KEYS": f"{good},oops"}
    result = run_manage("check", env_extra=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_production_refuses_a_short_blind_index_key(tmp_path):
    env = {**production_env(), "BLIND_INDEX_KEY": "k"}
    result = run_manage("check", env_extra=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "BLIND_INDEX_KEY" in result.stderr and "32" in result.stderr


def test_a_pool_size_gives_each_process_a_psycopg_pool(monkeypatch):
    from certify import settings as project_settings

    url = "postgres://app@127.0.0.1:5432/certify"
    monkeypatch.setenv("DATABASE_POOL_SIZE", "4")
    pooled = project_settings._database_from_url(url)
    assert pooled["OPTIONS"]["pool"]["max_size"] == 4
    assert pooled["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool
    assert pooled["OPTIONS"]["options"] == "-c jit=off"
    monkeypatch.delenv("DATABASE_POOL_SIZE")
    plain = project_settings._database_from_url(url)
    assert "pool" not in plain["OPTIONS"]
    assert plain["CONN_MAX_AGE"] == 60


def test_cache_redis_keeps_the_counters_in_the_redis_server(tmp_path):
    url = redis_url()
    key = f"settings-test-{secrets.token_hex(6)}"
    code = (
        "from django.core.cache import cache; "
        f"cache.add('{key}', 0); print(type(cache._cache).__name__, cache.incr('{key}')); "
        f"cache.delete('{key}')"
    )
    result = run_manage(
        "shell", "-c", code, env_extra={**production_env(), "CACHE": "redis", "REDIS_URL": url},
        tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # The last line: the shell first says how many objects it imported.
    assert result.stdout.strip().splitlines()[-1].split() == ["RedisCacheClient", "1"]
