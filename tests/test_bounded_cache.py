"""The per-process cache's memory bound (timeline/serving/bounded_cache.py): values and totals in bytes."""

import pytest
from django.conf import settings

from timeline.serving.bounded_cache import BoundedLocMemCache

KB = 1024


@pytest.fixture
def small_cache(request):
    """A cache of at most 100 KB, refusing any value over 30 KB, of its own name."""
    cache = BoundedLocMemCache(
        request.node.name, {"OPTIONS": {"MAX_BYTES": 100 * KB, "MAX_VALUE_BYTES": 30 * KB, "MAX_ENTRIES": 1000}}
    )
    cache.clear()
    return cache


def stored_bytes(cache):
    return sum(map(len, cache._cache.values()))


def test_the_site_uses_the_bounded_cache_unless_redis_is_configured():
    """Without REDIS_URL, the default cache is bounded in entries and in bytes."""
    default = settings.CACHES["default"]
    if settings.REDIS_URL:
        assert default["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    else:
        assert default["BACKEND"] == "timeline.serving.bounded_cache.BoundedLocMemCache"
        assert {"MAX_ENTRIES", "CULL_FREQUENCY", "MAX_BYTES", "MAX_VALUE_BYTES"} <= default["OPTIONS"].keys()


def test_a_value_over_the_size_limit_is_not_kept(small_cache):
    """A 40 KB value is not cached (and replaces nothing): the caller computes it again."""
    small_cache.set("strip", "small")
    small_cache.set("strip", "x" * 40 * KB)
    assert small_cache.get("strip") is None
    assert small_cache.add("other", "x" * 40 * KB) is False
    assert small_cache.get("other") is None


def test_values_together_stay_under_the_byte_budget(small_cache):
    """Twenty 20 KB values into a 100 KB cache: the oldest make way, and the total stays under 100 KB."""
    for n in range(20):
        small_cache.set(f"value-{n}", "x" * 20 * KB)
        assert stored_bytes(small_cache) <= 100 * KB
    assert small_cache.get("value-19") is not None
    assert small_cache.get("value-0") is None


def test_recently_read_values_survive_eviction(small_cache):
    """The least recently used entry goes first, so a value read often stays."""
    small_cache.set("popular", "p" * 20 * KB)
    for n in range(10):
        small_cache.set(f"value-{n}", "x" * 20 * KB)
        assert small_cache.get("popular") is not None


def test_deletes_and_counters_keep_the_budget_honest(small_cache):
    """Deleting frees room, and the running count of bytes matches what is stored, counters included."""
    for n in range(4):
        small_cache.set(f"value-{n}", "x" * 20 * KB)
    small_cache.delete("value-0")
    small_cache.add("counter", 1)
    assert small_cache.incr("counter") == 2
    small_cache.set("value-4", "x" * 20 * KB)
    assert all(small_cache.get(f"value-{n}") is not None for n in range(1, 5))
    assert small_cache._used[0] == stored_bytes(small_cache) <= 100 * KB
