"""The limiter's count over the last `window` seconds, across the fixed windows it keeps."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from certify.site.accounts.ratelimit import hit, over
from tests.support.redis_server import redis_url

LIMIT = 20
WINDOW = 300
START = 1_800_000_000 - 1_800_000_000 % WINDOW  # the start of a window


def hits(count: int, at: float, ident: str = "203.0.113.7") -> list[bool]:
    return [hit("sign-in", ident, limit=LIMIT, window=WINDOW, now=at) for _ in range(count)]


def test_a_burst_across_the_end_of_a_window_is_counted_as_one():
    assert hits(LIMIT, START + WINDOW - 1) == [False] * LIMIT
    # A fixed window would start again from zero here and allow twenty more.
    assert hits(2, START + WINDOW + 1) == [True, True]
    assert over("sign-in", "203.0.113.7", limit=LIMIT, window=WINDOW, now=START + WINDOW + 1)


def test_the_allowance_comes_back_as_the_earlier_attempts_slide_out():
    hits(LIMIT, START + WINDOW - 1)
    # Half the previous window is still within the last five minutes: half its count remains.
    halfway = START + WINDOW + WINDOW // 2
    assert hits(11, halfway) == [False] * 10 + [True]
    # After a whole window with no attempt, nothing earlier counts.
    assert hits(LIMIT, START + 3 * WINDOW) == [False] * LIMIT


def test_a_steady_pace_under_the_limit_is_never_refused():
    # Eighteen attempts every five minutes, evenly spaced, for an hour.
    step = WINDOW / (LIMIT - 2)
    refused = [
        attempt
        for attempt in range(12 * (LIMIT - 2))
        if hits(1, START + attempt * step, ident="198.51.100.4")[0]
    ]
    assert refused == []


def test_addresses_and_names_are_counted_apart():
    hits(LIMIT, START + 10)
    assert hits(1, START + 11, ident="192.0.2.9") == [False]
    assert hit("verify", "203.0.113.7", limit=LIMIT, window=WINDOW, now=START + 11) is False


@pytest.fixture
def redis_cache(settings):
    """The cache `CACHE=redis` configures, on the machine's Redis server, under a key prefix of
    its own: other test processes share the server."""
    url = redis_url()
    server = redis.Redis.from_url(url)
    prefix = f"certify-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_concurrent_attempts_are_each_counted_on_redis(redis_cache):
    # Several hosts' workers counting one address at once: Redis adds each attempt exactly
    # once (the database cache reads and writes, and may lose some).
    def attempts(_):
        return hits(25, START + 10, ident="192.0.2.50")

    with ThreadPoolExecutor(max_workers=8) as pool:
        refused = [r for batch in pool.map(attempts, range(8)) for r in batch]
    assert refused.count(True) == 8 * 25 - LIMIT
    assert over("sign-in", "192.0.2.50", limit=8 * 25, window=WINDOW, now=START + 10)
    assert not over("sign-in", "192.0.2.50", limit=8 * 25 + 1, window=WINDOW, now=START + 10)
