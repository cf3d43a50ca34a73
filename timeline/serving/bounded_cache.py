"""The per-process cache, bounded in memory: Django's local-memory cache with a byte budget.

LocMemCache bounds only the number of entries (MAX_ENTRIES, culling a
CULL_FREQUENCY-th of them when full), so a few huge values could still take a
worker's memory. This backend adds two options:

- MAX_VALUE_BYTES: a value that pickles to more than this is not cached at all
  (whatever asked for it computes it again next time, which is cheap next to
  holding megabytes per filter state);
- MAX_BYTES: the pickled values together stay under this; the least recently
  used entries make room for a new one.

With REDIS_URL the shared cache is Redis instead, and its own `maxmemory`
bounds it (docs/operations.md).
"""

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

# Bytes held per named cache; like LocMemCache's own stores, shared by every instance in the process.
_used = {}


class BoundedLocMemCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self._max_bytes = int(options.get("MAX_BYTES", 64 * 2**20))
        self._max_value_bytes = int(options.get("MAX_VALUE_BYTES", 2**20))
        self._used = _used.setdefault(name, [0])  # a one-item list, so every instance sees one count

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        pickled = pickle.dumps(value, self.pickle_protocol)
        with self._lock:
            if not self._has_expired(key) or len(pickled) > self._max_value_bytes:
                return False
            self._set(key, pickled, timeout)
            return True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        pickled = pickle.dumps(value, self.pickle_protocol)
        with self._lock:
            if len(pickled) > self._max_value_bytes:
                self._delete(key)  # never leave an older value standing in for the one refused
                return
            self._set(key, pickled, timeout)

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        """Store `value` (pickled bytes), first dropping least recently used entries past the byte budget."""
        self._delete(key)
        if self._used[0] + len(value) > self._max_bytes:
            # incr() rewrites counters in place without telling us; count exactly before evicting.
            self._used[0] = sum(map(len, self._cache.values()))
        while self._cache and self._used[0] + len(value) > self._max_bytes:
            # get() and _set() move an entry to the front, so the least recently used is last.
            oldest, oldest_value = self._cache.popitem()
            del self._expire_info[oldest]
            self._used[0] -= len(oldest_value)
        super()._set(key, value, timeout)
        self._used[0] += len(value)

    def _cull(self):
        super()._cull()
        self._used[0] = sum(map(len, self._cache.values()))

    def _delete(self, key):
        value = self._cache.get(key)
        deleted = super()._delete(key)
        if deleted:
            self._used[0] -= len(value)
        return deleted

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._used[0] = 0
