"""The admin locks out password guessing and forgets idle staff."""

import importlib
import logging
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session as StoredSession
from django.test import Client
from django.utils import timezone

import hub.urls
from content.core.models import Counter

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 3
    settings.ADMIN_LOCKOUT_SECONDS = 900


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("editor", password="right-password", is_staff=True)


def _sign_in(username, password, ip="203.0.113.9"):
    return Client(REMOTE_ADDR=ip).post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def _signed_in(response):
    return response.status_code == 302


def test_right_password_signs_in(staff):
    assert _signed_in(_sign_in("editor", "right-password"))


def test_account_locks_after_repeated_failures_even_from_many_ips(staff, caplog):
    with caplog.at_level(logging.INFO, logger="hub.security"):
        for number in range(3):
            assert not _signed_in(_sign_in("editor", "guess", ip=f"198.51.100.{number}"))
    response = _sign_in("editor", "right-password", ip="198.51.100.200")
    assert not _signed_in(response)
    assert "Too many failed sign-ins" in response.text
    assert "locked for 15 minutes" in response.text
    lockouts = [r for r in caplog.records if getattr(r, "event", "") == "lockout"]
    assert [r.scope for r in lockouts] == ["user"]
    assert all("editor" not in r.getMessage() for r in caplog.records)


def test_one_ip_trying_many_names_is_locked_out(staff):
    for name in ["root", "admin", "administrator"]:
        _sign_in(name, "guess", ip="192.0.2.66")
    assert not _signed_in(_sign_in("editor", "right-password", ip="192.0.2.66"))
    assert _signed_in(_sign_in("editor", "right-password", ip="192.0.2.67"))


def test_user_name_case_does_not_dodge_the_count(staff):
    for name in ["editor", "EDITOR", "Editor"]:
        _sign_in(name, "guess", ip=f"198.51.100.{len(name) + ord(name[0])}")
    assert not _signed_in(_sign_in("editor", "right-password", ip="198.51.100.250"))


def test_success_before_the_limit_clears_the_account_count(staff):
    for _ in range(2):
        _sign_in("editor", "guess", ip="198.51.100.1")
    assert _signed_in(_sign_in("editor", "right-password", ip="198.51.100.2"))
    for _ in range(2):
        _sign_in("editor", "guess", ip="198.51.100.3")
    assert _signed_in(_sign_in("editor", "right-password", ip="198.51.100.4"))


def test_lockout_ends_when_its_time_is_up(staff):
    for _ in range(3):
        _sign_in("editor", "guess")
    assert not _signed_in(_sign_in("editor", "right-password"))
    Counter.objects.update(expires_at=timezone.now())  # the lockout's time is up
    assert _signed_in(_sign_in("editor", "right-password"))


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
