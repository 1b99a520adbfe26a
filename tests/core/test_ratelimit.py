import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from content.core.ratelimit import client_ip, ratelimit
from tests.enquiries.test_contact import _form as contact_form


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


@override_settings(RATELIMITS={"contact": "1/s"}, RATELIMIT_ENABLE=True)
def test_two_requests_a_moment_apart_count_together_across_a_window_edge():
    # A limit of one a second, and two requests a fifth of a second apart,
    # on either side of a whole second: a window aligned to the clock would
    # count them apart and let both through.
    time.sleep(1.9 - time.time() % 1)
    assert view(_post()).status_code == 200
    time.sleep(0.2)
    assert view(_post()).status_code == 429


@pytest.mark.django_db
@override_settings(RATELIMITS={"contact": "1/h"}, RATELIMIT_ENABLE=True)
def test_a_form_with_mistakes_does_not_count_against_the_limit(client):
    assert client.post("/contact/", contact_form(email="not an address")).status_code == 200
    assert client.post("/contact/", contact_form(message="")).status_code == 200
    assert client.post("/contact/", contact_form()).status_code == 302
    assert client.post("/contact/", contact_form(email="bo@example.com")).status_code == 429


@pytest.mark.django_db
@override_settings(RATELIMITS={"contact": "1/h"}, RATELIMIT_TRIES_FACTOR=3, RATELIMIT_ENABLE=True)
def test_every_try_counts_against_a_looser_limit(client):
    statuses = [client.post("/contact/", contact_form(email="x")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLE=True)
def test_colleagues_behind_one_office_address_each_get_their_own_count(client, settings):
    statuses = [
        client.post("/contact/", contact_form(email=f"colleague{n}@example.com")).status_code
        for n in range(11)
    ]
    assert statuses == [302] * 11
    limit = int(settings.RATELIMITS_PER_EMAIL["contact"].split("/")[0])
    again = [
        client.post("/contact/", contact_form(email="Colleague0@Example.com")).status_code
        for _ in range(limit)
    ]
    assert again == [302] * (limit - 1) + [429]


@pytest.mark.django_db
@override_settings(
    RATELIMITS={"contact": "1/h"}, RATELIMIT_ENABLE=True, TEAM_EMAIL="team@example.com"
)
def test_the_refusal_says_when_to_try_again_and_where_else_to_get_help(client):
    client.post("/contact/", contact_form())
    response = client.post("/contact/", contact_form())
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1800 <= wait <= 3600
    text = re.sub(r"\s+", " ", response.text)
    assert f"in {-(-wait // 60)} minutes" in text
    assert re.search(r"from <strong><time datetime=\"[^\"]+\">\d\d:\d\d</time>", text)
    assert 'href="/faq/"' in text
    assert 'href="mailto:team@example.com"' in text
    # The contact form itself is what is paused: the page does not send people back to it.
    main = text.split("<main")[1].split("</main>")[0]
    assert 'href="/contact/' not in main


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
