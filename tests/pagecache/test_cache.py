"""The Redis cache holds only what can be lost: when Redis is away, every call is a miss."""

import socket
import time

import pytest

from content.pagecache import backends as hub_cache
from content.pagecache.backends import FileCache, RedisCache
from tests.servers import RedisServer

OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}


def _cache(port):
    return RedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": OPTIONS})


@pytest.fixture
def refused_port():
    """A port bound but never listening: every connection to it is refused."""
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        yield reserved.getsockname()[1]


@pytest.fixture
def hung_port():
    """A port that takes connections and never answers, as a Redis stopped with SIGSTOP."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


@pytest.fixture(autouse=True)
def closed_breakers():
    hub_cache._unreachable_until.clear()
    yield
    hub_cache._unreachable_until.clear()


def test_every_call_to_a_stopped_redis_is_a_miss(refused_port):
    cache = _cache(refused_port)
    assert cache.get("page", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("a", 1) is False
    assert cache.set("a", 1) is None
    assert cache.set_many({"a": 1}) == []
    assert cache.delete("a") is False
    assert cache.has_key("a") is False
    assert cache.touch("a") is False
    cache.delete_many(["a"])
    with pytest.raises(ValueError):
        cache.incr("a")


def test_a_hung_redis_costs_one_timeout_then_nothing_until_it_is_tried_again(hung_port):
    cache = _cache(hung_port)
    started = time.monotonic()
    assert cache.get("page") is None
    first = time.monotonic() - started
    assert 0.2 < first < 1

    started = time.monotonic()
    for _ in range(50):
        assert cache.get("page") is None
        cache.set("page", "content")
    assert time.monotonic() - started < 0.05

    # Another thread's cache object (Django keeps one per thread) skips it too.
    assert _cache(hung_port).get("page", "default") == "default"
    assert time.monotonic() - started < 0.1


def test_a_redis_back_after_an_outage_is_emptied_first(tmp_path):
    redis = RedisServer(tmp_path).start()
    try:
        cache = _cache(redis.port)
        cache.set("page", "from before an edit nobody could tell the cache about")
        redis.hang()
        assert cache.get("page") is None
        redis.resume()
        assert cache.get("page") is None, "still skipped for a moment"
        hub_cache._unreachable_until[redis.url] = 0  # the moment is over
        assert cache.get("page") is None
        cache.set("page", "fresh")
        assert cache.get("page") == "fresh"
    finally:
        redis.stop()


@pytest.fixture
def redis_server(tmp_path):
    redis = RedisServer(tmp_path).start()
    yield redis
    redis.stop()


def gets_served(redis):
    """Return how many GETs the server has answered so far."""
    return redis.client().info("commandstats").get("cmdstat_get", {}).get("calls", 0)


def test_a_watched_key_costs_no_round_trip_until_another_client_changes_it(redis_server):
    cache, other = _cache(redis_server.port), redis_server.client()
    cache.set("generation", 1.5)
    assert cache.get_watched("generation") == 1.5
    asked = gets_served(redis_server)
    for _ in range(20):
        assert cache.get_watched("generation") == 1.5
    assert gets_served(redis_server) == asked

    # Another process's write, through a client of its own, shows as soon as
    # Redis's push arrives: well within the 0.1 s a value is trusted for.
    other.set(":1:generation", b"7")
    assert watched_soon(cache, "generation", 7) == 7
    other.delete(":1:generation")
    assert watched_soon(cache, "generation", None) is None
    other.set(":1:generation", b"8")
    assert watched_soon(cache, "generation", 8) == 8
    other.flushdb()
    assert watched_soon(cache, "generation", None) is None


def watched_soon(cache, key, expected, within=0.03):
    """Return get_watched(key) once it is `expected`, or at `within` seconds:
    Redis writes the invalidation out in the same turn of its event loop as
    the writer's reply, but a client that reads in the same breath, on a
    busy machine, can be a few microseconds ahead of it."""
    deadline = time.monotonic() + within
    while (value := cache.get_watched(key)) != expected and time.monotonic() < deadline:
        time.sleep(0.001)
    return value


def test_a_watched_key_shows_this_process_own_writes_at_once(redis_server):
    cache = _cache(redis_server.port)
    cache.set("generation", 1)
    assert cache.get_watched("generation") == 1
    # Another thread's cache object, as Django keeps one per thread.
    _cache(redis_server.port).delete("generation")
    assert cache.get_watched("generation") is None
    cache.add("generation", 2)
    assert cache.get_watched("generation") == 2
    cache.clear()
    assert cache.get_watched("generation") is None


def test_a_watched_key_ends_when_redis_would_end_it(redis_server):
    cache, other = _cache(redis_server.port), redis_server.client()
    cache.set("generation", 1)
    assert cache.get_watched("generation") == 1
    other.pexpire(":1:generation", 50)
    time.sleep(0.1)
    assert cache.get_watched("generation") is None


def test_a_watched_key_is_read_again_from_a_restarted_redis(redis_server):
    cache = _cache(redis_server.port)
    cache.set("generation", 1)
    assert cache.get_watched("generation") == 1
    redis_server.stop()
    redis_server.start()  # empty, on the same port
    # The old connection is closed: a new one reads what the server holds now.
    assert cache.get_watched("generation") is None
    cache.set("generation", 2)
    assert cache.get_watched("generation") == 2


def test_a_watched_key_of_a_hung_redis_is_a_miss_within_half_a_timeout(redis_server):
    cache = _cache(redis_server.port)
    cache.set("generation", 1)
    assert cache.get_watched("generation") == 1
    redis_server.hang()
    try:
        # An edit made now is acknowledged only once its write has timed out
        # (0.25 s); by then no process serves from the value it kept.
        time.sleep(OPTIONS["socket_timeout"] / 2)
        assert cache.get_watched("generation", "default") == "default"
    finally:
        redis_server.resume()


def test_a_watched_key_of_a_stopped_redis_is_a_miss(refused_port):
    assert _cache(refused_port).get_watched("generation", "default") == "default"


def test_a_watched_file_shows_every_write_of_another_process(tmp_path):
    cache, other = FileCache(str(tmp_path), {}), FileCache(str(tmp_path), {})
    assert cache.get_watched("generation", "default") == "default"
    other.set("generation", 1.5)
    assert cache.get_watched("generation") == 1.5
    assert cache.get_watched("generation") == 1.5
    other.set("generation", 2.5)
    assert cache.get_watched("generation") == 2.5
    other.delete("generation")
    assert cache.get_watched("generation") is None
    other.set("generation", 3.5, timeout=1)
    assert cache.get_watched("generation") == 3.5
    time.sleep(1.1)
    assert cache.get_watched("generation") is None
