"""Security counters hold whatever happens to the cache, and every worker counts together.

The hub runs under gunicorn (4 workers). Its clients are told apart by
X-Forwarded-For (one trusted proxy), so that each test counts for a client of
its own in the database the fault tests share.
"""

import http.client
import threading
import time
import urllib.parse

import pytest

from tests.scale.harness import Browser

pytestmark = pytest.mark.faults

CONTACT = {
    "name": "Sam Example",
    "email": "sam@example.com",
    "company": "Example Relay Ltd",
    "topic": "support",
    "message": "The gateway drops mail from our relay.",
    "consent": "on",
}


def _send_contact_form(base, ip):
    browser = Browser()
    address, fields = browser.fill_in(base + "/contact/", form_with="message", changes=CONTACT)
    return browser.request(address, data=fields, headers={"X-Forwarded-For": ip}).status


def _get_many(base, paths, *, connections=4, seconds=60):
    """GET every path over a few kept-alive connections; return the statuses seen."""
    statuses = []
    netloc = urllib.parse.urlsplit(base).netloc
    deadline = time.monotonic() + seconds

    def worker(share):
        connection = http.client.HTTPConnection(netloc, timeout=10)
        for path in share:
            if time.monotonic() > deadline:
                statuses.append("out of time")
                return
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
            except (OSError, http.client.HTTPException):
                connection.close()  # the server closed a kept-alive connection
                connection = http.client.HTTPConnection(netloc, timeout=10)
                statuses.append("dropped")
        connection.close()

    threads = [
        threading.Thread(target=worker, args=(paths[number::connections],))
        for number in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 15)
    return statuses


def test_rate_limit_holds_after_a_flood_of_addresses_fills_the_cache(redis_server, hub_server):
    """A rate limit still holds after 5,000 GETs of /?utm_campaign=N and an emptied Redis."""
    redis = redis_server("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru")
    base = hub_server(
        REDIS_URL=redis.url,
        RATELIMIT_ENABLE="1",
        RATELIMIT_CONTACT="3/h",
        RATELIMIT_TRUSTED_PROXIES="1",
        MAIL_PER_ADDRESS_PER_DAY="1000",
    )
    ip = "198.51.100.17"
    assert [_send_contact_form(base, ip) for _ in range(4)] == [200, 200, 200, 429]
    pages_before = len(redis.client().keys("*pagecache:page:*"))

    statuses = _get_many(base, [f"/?utm_campaign={number}" for number in range(5000)])
    assert len(statuses) == 5000
    assert set(statuses) <= {200, "dropped"}
    assert statuses.count(200) > 4900
    # One page, not 5,000: the campaign is no part of the page's key.
    assert len(redis.client().keys("*pagecache:page:*")) == pages_before + 1
    assert _send_contact_form(base, ip) == 429

    redis.client().flushall()
    assert _send_contact_form(base, ip) == 429


def test_workers_without_redis_share_one_count(hub_server):
    """Four gunicorn workers without Redis count one client's requests together."""
    base = hub_server(
        RATELIMIT_ENABLE="1", RATELIMIT_SEARCH_API="10/d", RATELIMIT_TRUSTED_PROXIES="1"
    )
    # A new connection each time: the kernel spreads them over the four workers.
    statuses = [
        Browser().get(base + "/api/search?q=ports", **{"X-Forwarded-For": "198.51.100.18"}).status
        for _ in range(20)
    ]
    assert statuses == [200] * 10 + [429] * 10
