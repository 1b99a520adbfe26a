import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from content.core.ratelimit import client_ip, ratelimit


@ratelimit("contact")
def view(request):
    return HttpResponse("sent")


def _post(ip="203.0.113.5", **meta):
    return RequestFactory().post("/", REMOTE_ADDR=ip, **meta)


@override_settings(RATELIMITS={"contact": "3/h"}, RATELIMIT_ENABLE=True)
def test_limit_answers_429_with_retry_after_once_exceeded():
    assert [view(_post()).status_code for _ in range(3)] == [200, 200, 200]
    response = view(_post())
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many requests" in response.content.decode()


@override_settings(RATELIMITS={"contact": "1/h"}, RATELIMIT_ENABLE=True)
def test_limit_is_per_client():
    assert view(_post("203.0.113.5")).status_code == 200
    assert view(_post("203.0.113.6")).status_code == 200
    assert view(_post("203.0.113.5")).status_code == 429


@override_settings(RATELIMITS={"contact": "1/h"}, RATELIMIT_ENABLE=False)
def test_limits_can_be_switched_off():
    assert {view(_post()).status_code for _ in range(5)} == {200}


@override_settings(RATELIMITS={"contact": "1/h"}, RATELIMIT_ENABLE=True)
def test_get_is_not_counted():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5")
    assert {view(request).status_code for _ in range(5)} == {200}


@override_settings(RATELIMIT_TRUSTED_PROXIES=0)
def test_forwarded_for_is_ignored_without_a_trusted_proxy():
    request = _post("10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "10.0.0.1"


@override_settings(RATELIMIT_TRUSTED_PROXIES=1)
def test_forwarded_for_is_read_behind_a_trusted_proxy():
    request = _post("10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    # The client could forge the first hop; the proxy appended the last one.
    assert client_ip(request) == "198.51.100.7"


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
HITS_IN_A_PROCESS = """
import django
django.setup()
from django.test import RequestFactory
from content.core.ratelimit import hit
request = RequestFactory().post("/", REMOTE_ADDR="{ip}")
print(sum(1 for _ in range({count}) if hit("contact", request) == 0))
"""


def _redis_is_reachable():
    redis = pytest.importorskip("redis", reason="the redis client is not installed")
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


def test_limit_holds_across_processes_sharing_redis():
    if not _redis_is_reachable():
        pytest.skip(f"no Redis at {REDIS_URL}")
    ip = f"198.18.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "hub.test_settings",
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_ENABLE": "1",
        "RATELIMIT_CONTACT": "10/h",
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", HITS_IN_A_PROCESS.format(ip=ip, count=8)],
            cwd=Path(__file__).resolve().parents[2],
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    allowed = [int(process.communicate(timeout=60)[0]) for process in processes]
    # Sixteen requests from one client in two app servers: exactly ten pass.
    assert sum(allowed) == 10, allowed
