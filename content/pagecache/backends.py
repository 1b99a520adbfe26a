"""A Redis cache backend that holds only what can be lost, through one client.

A cache error is a miss. Every operation that cannot reach Redis answers as if
the key were not there (get returns the default, add and delete say False,
set does nothing), so a stopped or hung Redis slows no page into an error.
The settings give Redis short socket and connect timeouts; once a call fails,
every process skips Redis altogether for RETRY_AFTER_SECONDS (a circuit
breaker), so a hung Redis costs one timeout per process in that time, not
one per call. A process that finds Redis back empties it first: an edit made
during the outage could not end the cached pages' generation. Nothing that
must last lives in the cache: sessions and security counters are in the
database.

It is built on BaseCache, Django's documented base for cache backends, and
stores values as Django's own Redis backend does (RedisSerializer), but keeps
one redis-py client per cache object: Django's backend builds a new client for
every operation, which made each page-cache hit about a fifth slower
(bench/results/cache-client.md). A redis-py client is safe to share between
threads. One server (LOCATION is one redis:// URL); OPTIONS go to redis-py.
"""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisSerializer
from redis.exceptions import ConnectionError, RedisError, TimeoutError

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
# Per process, shared by the threads' cache objects: {LOCATION: when to try again}.
_unreachable_until: dict[str, float] = {}


class RedisCache(BaseCache):
    def __init__(self, server, params):
        super().__init__(params)
        self.location = server
        self.client = redis.Redis.from_url(server, **params.get("OPTIONS", {}))
        self.serializer = RedisSerializer()

    def _or_miss(self, miss, operation, *args):
        """Return operation(*args), or `miss` when Redis fails or failed a moment ago."""
        if time.monotonic() < _unreachable_until.get(self.location, 0):
            return miss
        try:
            if self.location in _unreachable_until:
                # Back after an outage. Whatever was changed meanwhile could not
                # clear what the cache holds about it (an edit's new page
                # generation), so nothing in it can be trusted: empty it.
                self.client.flushdb()
                _unreachable_until.pop(self.location, None)
                logger.warning("cache reachable again; emptied it")
            return operation(*args)
        except (ConnectionError, TimeoutError) as error:
            # Once per process every RETRY_AFTER_SECONDS at most, while it lasts.
            logger.warning(
                "cache unreachable; serving without it",
                extra={"error": str(error), "retry_after": RETRY_AFTER_SECONDS},
            )
            _unreachable_until[self.location] = time.monotonic() + RETRY_AFTER_SECONDS
            return miss
        except RedisError as error:  # e.g. out of memory under maxmemory noeviction
            logger.warning("cache error", extra={"error": str(error)})
            return miss

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        # None keeps the key for good; 0 or less deletes it (as Django's backend).
        if timeout == DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else max(0, int(timeout))

    def _key(self, key, version):
        return self.make_and_validate_key(key, version=version)

    def _load(self, value, default=None):
        return default if value is None else self.serializer.loads(value)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key, timeout = self._key(key, version), self.get_backend_timeout(timeout)

        def add():
            added = bool(
                self.client.set(key, self.serializer.dumps(value), ex=timeout or None, nx=True)
            )
            if added and timeout == 0:
                self.client.delete(key)
            return added

        return self._or_miss(False, add)

    def get(self, key, default=None, version=None):
        key = self._key(key, version)
        return self._or_miss(default, lambda: self._load(self.client.get(key), default))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key, timeout = self._key(key, version), self.get_backend_timeout(timeout)
        if timeout == 0:
            self._or_miss(None, self.client.delete, key)
        else:
            self._or_miss(None, self.client.set, key, self.serializer.dumps(value), timeout)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key, timeout = self._key(key, version), self.get_backend_timeout(timeout)
        if timeout is None:
            return bool(self._or_miss(False, self.client.persist, key))
        return bool(self._or_miss(False, self.client.expire, key, timeout))

    def delete(self, key, version=None):
        return bool(self._or_miss(False, self.client.delete, self._key(key, version)))

    def get_many(self, keys, version=None):
        names = {self._key(key, version): key for key in keys}
        values = self._or_miss([], self.client.mget, list(names))
        return {
            names[name]: self._load(value)
            for name, value in zip(names, values, strict=False)
            if value is not None
        }

    def has_key(self, key, version=None):
        return bool(self._or_miss(False, self.client.exists, self._key(key, version)))

    def incr(self, key, delta=1, version=None):
        key = self._key(key, version)

        def incr():
            return self.client.incr(key, delta) if self.client.exists(key) else None

        value = self._or_miss(None, incr)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        values = {
            self._key(key, version): self.serializer.dumps(value) for key, value in data.items()
        }
        timeout = self.get_backend_timeout(timeout)

        def set_many():
            pipeline = self.client.pipeline()
            pipeline.mset(values)
            if timeout is not None:  # mset takes no expiry: one per key
                for key in values:
                    pipeline.expire(key, timeout)
            pipeline.execute()

        self._or_miss(None, set_many)
        return []

    def delete_many(self, keys, version=None):
        keys = [self._key(key, version) for key in keys]
        if keys:
            self._or_miss(None, self.client.delete, *keys)

    def clear(self):
        return bool(self._or_miss(False, self.client.flushdb))
