"""The cache backends every process shares: Redis, or without it files on disk.

RedisCache holds only what can be lost, through one client.

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

`get_watched()` reads a key that every request reads and that seldom changes
(the page cache's generation) at the cost of no round trip while it stays
unchanged: see WatchedKey.

FileCache is Django's file-based cache, the embedded install's, with a
`get_watched()` of its own that skips unpickling a file that holds the same
bytes as the last time.
"""

import io
import logging
import math
import os
import pickle
import threading
import time
import zlib

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisSerializer
from redis.exceptions import ConnectionError, RedisError, TimeoutError

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
# Per process, shared by the threads' cache objects: {LOCATION: when to try again}.
_unreachable_until: dict[str, float] = {}
# Per process, shared by the threads' cache objects: {(pid, LOCATION, key): WatchedKey}.
_watched: dict[tuple, "WatchedKey"] = {}
_watched_lock = threading.Lock()


class WatchedKey:
    """One key's value, kept in this process until Redis says it changed.

    It reads the key over a connection of its own that speaks RESP3 with
    CLIENT TRACKING on (Redis 6 or later): from then on Redis pushes an
    invalidation down that connection whenever the key is written, deleted,
    expired or the database emptied. Redis queues that push while it runs the
    writer's command, and writes it out in the same turn of its event loop as
    the writer's reply: by the time an edit's answer has reached the editor
    and any next request has reached another process, the push is here. (A
    client asking within microseconds of the reply, on a machine where Redis
    is preempted between the two writes, may still read the old value; a
    test that writes and reads in one breath waits for the push.) So the value is kept
    while the connection has nothing to read; any unasked-for bytes (an
    invalidation, or the server closing the connection) drop it and the next
    get reads it again. The key's time to live is read with it and kept, so
    that it ends here when Redis would end it. Anything that goes wrong drops
    the connection: the next get starts afresh.

    A Redis that hangs sends nothing, not even the invalidation of an edit
    made meanwhile; so the value is trusted for at most half the socket
    timeout after Redis last answered for it, and then read again. An edit
    during a hang is acknowledged only once its own write has timed out (or a
    write before it has, opening the circuit breaker), by which time no
    process trusts its value any longer: each reads again, times out, and
    serves without the cache. That costs a round trip every CONFIRM_SECONDS
    per process, not one per request.

    redis-py's own client-side caching (CacheConfig) does the same for every
    key but refuses servers before Redis 7.4 and costs more per hit.
    """

    CONFIRM_SECONDS = 0.1

    def __init__(self, url, options, key):
        self.key = key
        self.lock = threading.Lock()
        timeout = options.get("socket_timeout")
        self.trusted_for = min(self.CONFIRM_SECONDS, timeout / 2) if timeout else 0.0
        pool = redis.ConnectionPool.from_url(url, protocol=3, **options)
        self.make_connection = pool.make_connection
        self.connection = None
        self.value = None
        self.expires = 0.0
        self.confirmed_until = 0.0

    def get(self):
        """Return the key's stored (serialized) value, or None when it has none."""
        with self.lock:
            kept_connection = self.connection is not None
            try:
                return self.read()
            except ConnectionError:
                # A connection the server closed since (its idle timeout, a
                # restart) gets one more try on a new one.
                self.close()
                if not kept_connection:
                    raise
            except BaseException:
                self.close()
                raise
            try:
                return self.read()
            except BaseException:
                self.close()
                raise

    def read(self):
        connection = self.connection
        if connection is None:
            connection = self.make_connection()
            connection.connect()
            connection.send_command("CLIENT", "TRACKING", "ON")
            connection.read_response()
            self.connection = connection
        elif connection.can_read(timeout=0):
            # Redis said the key changed (or is closing the connection): drop
            # the value and whatever is waiting, and read the key again.
            self.value = None
            while connection.can_read(timeout=0):
                connection.read_response(push_request=True)
        now = time.monotonic()
        if self.value is not None and now < self.expires and now < self.confirmed_until:
            return self.value
        self.value = None
        asked = time.monotonic()
        connection.send_packed_command(
            connection.pack_commands([("GET", self.key), ("PTTL", self.key)])
        )
        value, milliseconds = connection.read_response(), connection.read_response()
        # An absent key (PTTL -2) is not kept: whoever starts one reads it again.
        if value is not None and milliseconds != -2:
            self.value = value
            self.expires = math.inf if milliseconds == -1 else asked + milliseconds / 1000
            self.confirmed_until = asked + self.trusted_for
        return value

    def forget(self):
        """Drop the value: this process has just written the key."""
        with self.lock:
            self.value = None

    def close(self):
        self.value = None
        if self.connection is not None:
            try:
                self.connection.disconnect()
            finally:
                self.connection = None


class RedisCache(BaseCache):
    def __init__(self, server, params):
        super().__init__(params)
        self.location = server
        self._options = params.get("OPTIONS", {})
        self.client = redis.Redis.from_url(server, **self._options)
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
                self._written_all()
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

        added = self._or_miss(False, add)
        self._written(key)
        return added

    def get(self, key, default=None, version=None):
        key = self._key(key, version)
        return self._or_miss(default, lambda: self._load(self.client.get(key), default))

    def get_watched(self, key, default=None, version=None):
        """get(), answered from this process's memory while the key is
        unchanged in Redis (WatchedKey): for a key every request reads."""
        key = self._key(key, version)
        watched_key = (os.getpid(), self.location, key)
        watched = _watched.get(watched_key)
        if watched is None:
            with _watched_lock:
                watched = _watched.setdefault(
                    watched_key, WatchedKey(self.location, self._options, key)
                )
        return self._or_miss(default, lambda: self._load(watched.get(), default))

    def _written(self, key):
        """Drop this process's value of `key` if it watches it: a read that
        follows this write must see it, push or no push yet."""
        watched = _watched.get((os.getpid(), self.location, key))
        if watched is not None:
            watched.forget()

    def _written_all(self):
        """Drop this process's values of every key it watches in this database."""
        for (pid, location, _), watched in list(_watched.items()):
            if pid == os.getpid() and location == self.location:
                watched.forget()

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key, timeout = self._key(key, version), self.get_backend_timeout(timeout)
        if timeout == 0:
            self._or_miss(None, self.client.delete, key)
        else:
            self._or_miss(None, self.client.set, key, self.serializer.dumps(value), timeout)
        self._written(key)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key, timeout = self._key(key, version), self.get_backend_timeout(timeout)
        if timeout is None:
            touched = bool(self._or_miss(False, self.client.persist, key))
        else:
            touched = bool(self._or_miss(False, self.client.expire, key, timeout))
        self._written(key)
        return touched

    def delete(self, key, version=None):
        key = self._key(key, version)
        deleted = bool(self._or_miss(False, self.client.delete, key))
        self._written(key)
        return deleted

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
        self._written(key)
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
        for key in values:
            self._written(key)
        return []

    def delete_many(self, keys, version=None):
        keys = [self._key(key, version) for key in keys]
        if keys:
            self._or_miss(None, self.client.delete, *keys)
        for key in keys:
            self._written(key)

    def clear(self):
        cleared = bool(self._or_miss(False, self.client.flushdb))
        self._written_all()
        return cleared


class FileCache(FileBasedCache):
    """Django's file-based cache, with get_watched() for a key every request reads."""

    # A watched value is small (a generation); a larger file is read by get().
    WATCHED_BYTES = 4096

    def __init__(self, dir, params):
        super().__init__(dir, params)
        # {file name: (its bytes, expiry, value)}, per cache object (per thread).
        self._seen = {}

    def get_watched(self, key, default=None, version=None):
        """get(), that unpickles nothing while the key's file holds the same
        bytes as the last time: one read of a small file. For immutable values
        (a number): the value kept is the one returned."""
        file_name = self._key_to_file(key, version)
        try:
            descriptor = os.open(file_name, os.O_RDONLY)
        except FileNotFoundError:
            return default
        try:
            content = os.read(descriptor, self.WATCHED_BYTES)
        finally:
            os.close(descriptor)
        seen = self._seen.get(file_name)
        if seen is None or seen[0] != content:
            if not content or len(content) == self.WATCHED_BYTES:
                return self.get(key, default, version)
            # As FileBasedCache writes it (whole, then renamed into place): the
            # expiry, then the value.
            stream = io.BytesIO(content)
            expiry = pickle.load(stream)
            seen = (content, expiry, pickle.loads(zlib.decompress(stream.read())))
            if len(self._seen) >= 100:
                self._seen.clear()
            self._seen[file_name] = seen
        if seen[1] is not None and seen[1] < time.time():
            return self.get(key, default, version)  # which deletes the expired file
        return seen[2]
