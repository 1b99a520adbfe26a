"""Every response carries the security headers, whatever page or error it is."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

RESPONSES = {
    "home page": ("get", "/"),
    "contact form": ("get", "/contact/"),
    "not found": ("get", "/no-such-page/"),
    "wrong method": ("delete", "/faq/"),
    "refused form": ("post", "/contact/"),
    "bad input": ("get", "/search/?q=%00"),
    "robots.txt": ("get", "/robots.txt"),
    "health check": ("get", "/healthz"),
    "admin sign-in": ("get", "/admin/login/"),
}


@pytest.fixture(params=RESPONSES, scope="module")
def which(request):
    return request.param


@pytest.fixture
def response(which):
    method, url = RESPONSES[which]
    return getattr(Client(enforce_csrf_checks=True), method)(url)


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_content_security_policy_allows_no_inline_script_and_no_eval(response):
    # A nonce appears only on pages whose templates ask for one.
    script = _directives(response)["script-src"]
    assert "'self'" in script
    assert all(value == "'self'" or value.startswith("'nonce-") for value in script)


def test_content_security_policy_locks_down_objects_base_forms_and_framing(response):
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_styles_come_only_from_the_hub(response):
    style = _directives(response)["style-src"]
    assert all(value == "'self'" or value.startswith("'nonce-") for value in style)


def test_content_type_sniffing_is_off(response):
    assert response["X-Content-Type-Options"] == "nosniff"


def test_referrer_stays_on_the_site(response):
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_cannot_be_framed(response):
    assert response["X-Frame-Options"] == "DENY"


def test_cross_origin_opener_is_isolated(response):
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_unused_browser_features_are_switched_off(response):
    policy = response["Permissions-Policy"]
    for feature in ["camera=()", "microphone=()", "geolocation=()"]:
        assert feature in policy


def test_production_sends_hsts_and_secure_cookies(settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_SECURE = True
    assert client.get("/contact/").status_code == 301
    response = client.get("/contact/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"]
    assert cookie["samesite"] == "Lax"


def test_session_cookie_is_http_only_secure_and_same_site(settings, staff_client):
    settings.SESSION_COOKIE_SECURE = True
    response = staff_client.post(
        "/admin/login/", {"username": "admin", "password": "pass"}, secure=True
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["secure"]
    assert cookie["samesite"] == "Lax"
