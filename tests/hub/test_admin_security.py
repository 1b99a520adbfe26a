"""The admin locks out password guessing and forgets idle staff."""

import importlib
import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session as StoredSession
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone

import hub.urls

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ATTACKER = "198.51.100.66"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.ADMIN_LOCKOUT_SECONDS = 300
    settings.ADMIN_LOCKOUT_MAX_SECONDS = 86400


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("editor", password="right-password", is_staff=True)


def _sign_in(username, password, ip="203.0.113.9"):
    return Client(REMOTE_ADDR=ip).post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def _signed_in(response):
    return response.status_code == 302


def _fail(times, ip=ATTACKER, username="editor"):
    for _ in range(times):
        response = _sign_in(username, "guess", ip=ip)
    return response


def _wait(seconds):
    """Move every recorded failure back in time, as if this long had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def test_right_password_from_a_client_that_never_failed_signs_in(staff):
    assert _signed_in(_sign_in("editor", "right-password"))


def test_failures_below_the_limit_keep_the_sign_in_form(staff):
    response = _fail(2)
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text


def test_an_attacker_cannot_lock_out_staff_signing_in_elsewhere(staff):
    _fail(10)
    assert _signed_in(_sign_in("editor", "right-password", ip="203.0.113.20"))


def test_the_failing_client_is_locked_even_with_the_right_password(staff, caplog):
    with caplog.at_level(logging.INFO, logger="hub.security"):
        response = _fail(3)
        locked = _sign_in("editor", "right-password", ip=ATTACKER)
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    assert "Too many failed sign-ins" in response.text
    assert "Signing in is paused for 5 minutes" in response.text
    assert "Technical Hub administration" in response.text  # the admin's look
    assert not re.search(r'>\s*nonce="', response.text)  # no stray attribute as text
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated
    # One lock began; four sign-ins failed, the refused one included.
    lockouts = [r for r in caplog.records if getattr(r, "event", "") == "lockout"]
    assert [r.ip for r in lockouts] == [ATTACKER]
    failures = [r for r in caplog.records if getattr(r, "event", "") == "login-failed"]
    assert len(failures) == 4
    assert all("editor" not in r.getMessage() for r in caplog.records)


def test_the_wait_doubles_with_each_failure_after_a_lock(staff):
    _fail(3)
    _wait(301)
    # The lock is over: one more guess is allowed, and its failure locks for twice as long.
    assert _fail(1).status_code == 429
    assert _sign_in("editor", "right-password", ip=ATTACKER)["Retry-After"] == "600"
    _wait(601)
    response = _fail(1)
    assert response["Retry-After"] == "1200"
    assert "Signing in is paused for 20 minutes" in response.text


def test_the_wait_stops_growing_at_the_maximum(staff, settings):
    settings.ADMIN_LOCKOUT_MAX_SECONDS = 1000
    _fail(3)
    for _ in range(4):
        _wait(1001)
        response = _fail(1)
    assert response["Retry-After"] == "1000"


def test_a_lock_ends_when_its_time_is_up(staff):
    _fail(3)
    _wait(301)
    assert _signed_in(_sign_in("editor", "right-password", ip=ATTACKER))
    # Success forgets the failures: the next mistake starts from nothing.
    assert _fail(1).status_code == 200


def test_rotating_the_browser_does_not_dodge_the_count(staff):
    for agent in ["curl/8", "Mozilla/5.0", "python-requests/2"]:
        Client(REMOTE_ADDR=ATTACKER, HTTP_USER_AGENT=agent).post(
            LOGIN, {"username": "editor", "password": "guess"}
        )
    assert _sign_in("editor", "right-password", ip=ATTACKER).status_code == 429


def test_the_unlock_command_lets_a_locked_client_in_again(staff):
    _fail(5)
    call_command("axes_reset_ip_username", ATTACKER, "editor")
    assert _signed_in(_sign_in("editor", "right-password", ip=ATTACKER))


def test_superusers_see_lockouts_in_the_admin_and_can_lift_them(staff):
    _fail(3)
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pass")
    client = Client()
    client.force_login(boss)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert ATTACKER in page.text
    assert "Locked until" in page.text
    assert "not locked" not in page.text
    attempt = AccessAttempt.objects.get()
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert _signed_in(_sign_in("editor", "right-password", ip=ATTACKER))


def test_staff_groups_cannot_read_lockouts(staff, client_in_group):
    _fail(3)
    for group in Group.objects.all():
        assert client_in_group(group.name).get("/admin/axes/accessattempt/").status_code == 403


def test_a_forged_forwarded_address_is_no_500(staff, settings):
    settings.RATELIMIT_TRUSTED_PROXIES = 1
    for _ in range(3):
        response = Client(HTTP_X_FORWARDED_FOR="not-an-address").post(
            LOGIN, {"username": "editor", "password": "guess"}
        )
    assert response.status_code == 429


def test_admin_path_comes_from_settings(settings):
    settings.ADMIN_URL = "back-office/"
    try:
        settings.ROOT_URLCONF = importlib.reload(hub.urls)
        assert Client().get("/back-office/").status_code == 302
        assert Client().get("/admin/").status_code == 404
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(hub.urls)


def test_staff_session_expires_after_idle_time(staff, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    stored = StoredSession.objects.get(session_key=client.session.session_key)
    assert timedelta(seconds=590) < stored.expire_date - timezone.now() <= timedelta(seconds=600)

    # Ten minutes without a request later, the session has run out.
    StoredSession.objects.filter(pk=stored.pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    cache.clear()  # with sessions cached in Redis, their entry expires at the same time
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_each_staff_request_moves_the_expiry_forward(staff, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    client = Client()
    client.force_login(staff)
    client.get("/admin/")
    key = client.session.session_key
    StoredSession.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(seconds=30))
    client.get("/admin/")
    remaining = StoredSession.objects.get(pk=key).expire_date - timezone.now()
    assert remaining > timedelta(seconds=590)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin/", "/\\evil"])
def test_a_refused_next_after_signing_in_lands_on_the_admin_index(target):
    editor = get_user_model().objects.create_user(
        "writer", password="right-password", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Content editors"))
    client = Client()
    response = client.post(
        f"{LOGIN}?next={target}",
        {"username": "writer", "password": "right-password", "next": target},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200
    assert "Content, sessions and enquiries" in response.text
