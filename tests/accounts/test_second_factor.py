"""Staff who reach personal data need a second factor (TOTP, recovery codes) for the admin."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.ADMIN_SECOND_FACTOR = True


def current_code(secret, step=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def staff(username, *, superuser=False, group=None):
    User = get_user_model()
    user = User.objects.create_user(
        username,
        f"{username}@vendor.example",
        "a-long-password-9",
        is_staff=True,
        is_superuser=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    # The admin's own password sign-in, as staff use it.
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": "a-long-password-9"}
    )
    assert response.status_code == 302
    return client


def set_up(client):
    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/account/second-factor/")
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page.text).group(1)
    assert 'src="data:image/svg+xml;utf8,' in page.text
    done = client.post("/account/second-factor/", {"code": current_code(secret), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\d+)</code></li>", done.text)
    assert len(codes) >= 8
    return secret, codes


@pytest.mark.parametrize(
    "kind", [{"superuser": True}, {"group": "Event managers"}, {"group": "Enquiry handlers"}]
)
def test_staff_reaching_personal_data_set_up_a_second_factor_before_the_admin(kind):
    client = staff("pat", **kind)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/second-factor/?next=%2Fadmin%2F")
    set_up(client)
    assert client.get("/admin/").status_code == 200


def test_a_content_editor_reaches_the_admin_with_the_password_alone():
    client = staff("ed", group="Content editors")
    assert client.get("/admin/").status_code == 200


def test_the_next_sign_in_asks_for_a_code_and_refuses_a_wrong_one():
    client = staff("root", superuser=True)
    secret, _ = set_up(client)
    client.post("/admin/logout/")
    client = Client()
    client.post("/admin/login/", {"username": "root", "password": "a-long-password-9"})
    assert client.get("/admin/")["Location"].startswith("/account/second-factor/")
    wrong = client.post("/account/second-factor/", {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.text
    assert client.get("/admin/").status_code == 302
    right = client.post(
        "/account/second-factor/", {"code": current_code(secret), "next": "/admin/"}
    )
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once():
    client = staff("root", superuser=True)
    _, codes = set_up(client)
    for attempt in range(2):
        other = Client()
        other.post("/admin/login/", {"username": "root", "password": "a-long-password-9"})
        response = other.post("/account/second-factor/", {"code": codes[0], "next": "/admin/"})
        assert response.status_code == (302 if attempt == 0 else 400)


def test_five_wrong_codes_lock_the_second_factor():
    client = staff("root", superuser=True)
    secret, _ = set_up(client)
    other = Client()
    other.post("/admin/login/", {"username": "root", "password": "a-long-password-9"})
    for _ in range(5):
        assert other.post("/account/second-factor/", {"code": "000000"}).status_code == 400
    locked = other.post("/account/second-factor/", {"code": current_code(secret, -1)})
    assert locked.status_code == 429


def test_the_admin_password_sign_in_still_locks_out():
    get_user_model().objects.create_user(
        "pat", "p@vendor.example", "right-password-1", is_staff=True
    )
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "pat", "password": "wrong"})
    locked = client.post("/admin/login/", {"username": "pat", "password": "right-password-1"})
    assert locked.status_code in (403, 429)


def test_a_visitor_signed_in_by_code_never_reaches_the_admin():
    visitor = get_user_model().objects.create_user("v", "v@partner.example")
    client = Client()
    client.force_login(visitor)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_outbox_and_previews_wait_for_the_second_factor_too():
    client = staff("root", superuser=True)
    for path in ["/dev/outbox/", "/preview/faq/1/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/second-factor/"), path


def test_the_check_in_list_at_the_door_asks_for_the_second_factor_too():
    session = make_session(title="Leeds day")
    client = staff("pat", group="Event managers")
    page = client.get(f"/phish-and-chips/{session.slug}/check-in/")
    assert page.status_code == 302
    assert page["Location"].startswith("/account/second-factor/")
    set_up(client)
    assert client.get(f"/phish-and-chips/{session.slug}/check-in/").status_code == 200
