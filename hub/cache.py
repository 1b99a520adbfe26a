"""Django's Redis cache backend, made to hold only what can be lost.

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

One redis-py client per server instead of one per call: Django's
RedisCacheClient builds a new `redis.Redis` for every cache operation. The
connections come from a shared pool either way, but building the client fills
its table of response handlers, about 170 entries: 200 µs of a page-cache hit
that otherwise takes 250. A redis-py client is safe to share between threads,
so each server's client is made once and kept.
"""

import logging
import time

from django.core.cache.backends import redis
from redis.exceptions import ConnectionError, RedisError, TimeoutError

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
# Per process, shared by the threads' cache objects: {servers: when to try again}.
_unreachable_until = {}


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _or_miss(self, operation, miss, *args):
        """Return operation(*args), or `miss` when Redis fails or failed a moment ago."""
        servers = tuple(self._servers)
        if time.monotonic() < _unreachable_until.get(servers, 0):
            return miss
        try:
            if servers in _unreachable_until:
                # Back after an outage. Whatever was changed meanwhile could not
                # clear what the cache holds about it (an edit's new page
                # generation), so nothing in it can be trusted: empty it.
                super().clear()
                _unreachable_until.pop(servers, None)
                logger.warning("cache reachable again; emptied it")
            return operation(*args)
        except (ConnectionError, TimeoutError) as error:
            # Once per process every RETRY_AFTER_SECONDS at most, while it lasts.
            logger.warning(
                "cache unreachable; serving without it",
                extra={"error": str(error), "retry_after": RETRY_AFTER_SECONDS},
            )
            _unreachable_until[servers] = time.monotonic() + RETRY_AFTER_SECONDS
            return miss
        except RedisError as error:  # e.g. out of memory under maxmemory noeviction
            logger.warning("cache error", extra={"error": str(error)})
            return miss

    def add(self, key, value, timeout):
        return self._or_miss(super().add, False, key, value, timeout)

    def get(self, key, default):
        return self._or_miss(super().get, default, key, default)

    def set(self, key, value, timeout):
        return self._or_miss(super().set, None, key, value, timeout)

    def touch(self, key, timeout):
        return self._or_miss(super().touch, False, key, timeout)

    def delete(self, key):
        return self._or_miss(super().delete, False, key)

    def get_many(self, keys):
        return self._or_miss(super().get_many, {}, keys)

    def has_key(self, key):
        return self._or_miss(super().has_key, False, key)

    def incr(self, key, delta):
        value = self._or_miss(super().incr, None, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout):
        return self._or_miss(super().set_many, None, data, timeout)

    def delete_many(self, keys):
        return self._or_miss(super().delete_many, None, keys)

    def clear(self):
        return self._or_miss(super().clear, False)


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
