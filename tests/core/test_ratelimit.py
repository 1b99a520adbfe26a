import re
import time
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from content.core.models import PRUNE_EVERY, Counter
from content.core.ratelimit import client_ip, network_of, ratelimit
from tests.enquiries.test_contact import _form as contact_form

# Counts are rows of the database, rolled back after each test.
pytestmark = pytest.mark.django_db


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
    time.sleep((0.9 - time.time() % 1) % 1)
    assert view(_post()).status_code == 200
    time.sleep(0.2)
    assert view(_post()).status_code == 429


@override_settings(RATELIMITS={"contact": "1/h"}, RATELIMIT_ENABLE=True)
def test_a_form_with_mistakes_does_not_count_against_the_limit(client):
    assert client.post("/contact/", contact_form(email="not an address")).status_code == 200
    assert client.post("/contact/", contact_form(message="")).status_code == 200
    assert client.post("/contact/", contact_form()).status_code == 302
    assert client.post("/contact/", contact_form(email="bo@example.com")).status_code == 429


@override_settings(RATELIMITS={"contact": "1/h"}, RATELIMIT_TRIES_FACTOR=3, RATELIMIT_ENABLE=True)
def test_every_try_counts_against_a_looser_limit(client):
    statuses = [client.post("/contact/", contact_form(email="x")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


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


@pytest.mark.parametrize(
    ("remote", "counted_as"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        ("2001:db8:1:2:a:b:c:d", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
    ],
)
def test_an_ipv6_client_is_counted_by_its_64_and_a_mapped_ipv4_as_itself(remote, counted_as):
    assert client_ip(_post(remote)) == counted_as


@override_settings(RATELIMITS={"contact": "2/h"}, RATELIMIT_ENABLE=True)
def test_an_ipv6_client_cannot_dodge_the_limit_by_changing_address():
    statuses = [view(_post(f"2001:db8:7:7::{number:x}")).status_code for number in range(1, 5)]
    assert statuses == [200, 200, 429, 429]
    assert view(_post("2001:db8:7:8::1")).status_code == 200


def test_networks_group_ipv4_by_24_and_ipv6_by_64():
    assert network_of("198.51.100.77") == "198.51.100.0/24"
    assert network_of("::ffff:198.51.100.77") == "198.51.100.0/24"
    assert network_of("2001:db8:1:2::5") == "2001:db8:1:2::/64"
    # What client_ip returns for an IPv6 client is already its network.
    assert network_of(client_ip(_post("2001:db8:1:2::5"))) == "2001:db8:1:2::/64"
    assert network_of("not an address") == "not an address"


def test_a_counter_counts_within_its_window_and_starts_again_after_it():
    assert [Counter.objects.increment("k", 60) for _ in range(3)] == [1, 2, 3]
    assert Counter.objects.counts(["k", "other"]) == {"k": 3}
    Counter.objects.filter(key="k").update(expires_at=timezone.now())
    assert Counter.objects.counts(["k"]) == {}
    assert Counter.objects.increment("k", 60) == 1
    stored = Counter.objects.get(key="k")
    assert timedelta(seconds=55) < stored.expires_at - timezone.now() <= timedelta(seconds=60)


def test_a_forgotten_counter_starts_again():
    Counter.objects.increment("k", 60)
    Counter.objects.increment("k", 60)
    Counter.objects.forget("k")
    assert Counter.objects.increment("k", 60) == 1


def test_counters_whose_window_passed_are_pruned_as_new_ones_open():
    Counter.objects.increment("old", 60)
    Counter.objects.filter(key="old").update(expires_at=timezone.now() - timedelta(days=1))
    for number in range(PRUNE_EVERY):
        Counter.objects.increment(f"new-{number}", 60)
    assert not Counter.objects.filter(key="old").exists()
    assert Counter.objects.count() == PRUNE_EVERY
