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
