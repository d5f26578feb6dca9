"""The machine's Redis server, for the tests of the Redis cache (CACHE=redis)."""

import os

import pytest
import redis


def redis_url() -> str:
    """REDIS_URL (the settings' default when unset), once the server answers there. Without
    one the test is skipped, except in CI (.ci/run starts Redis), where it fails."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI and did not answer at {url}: {error}")
        pytest.skip(f"no Redis server at {url}")
    return url
