"""Signing in with an emailed code (django-allauth's login by code)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from content.accounts.models import EmailDomain, Organisation

pytestmark = pytest.mark.django_db
REQUEST = "/account/sign-in/"
CONFIRM = "/account/sign-in/code/"


def code_in(message):
    return re.search(r"^([A-Z0-9]{6})$", message.body, re.MULTILINE).group(1)


def request_code(client, email):
    """Ask for a code; the mail goes out as it would on commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(REQUEST, {"email": email})


def sign_in(client, email):
    mail.outbox.clear()
    request_code(client, email)
    return client.post(CONFIRM, {"code": code_in(mail.outbox[-1])})


def test_a_new_address_gets_a_six_character_code_and_an_account(client):
    response = request_code(client, "ada@partner.example")
    assert response.status_code == 302 and response["Location"] == CONFIRM
    [message] = mail.outbox
    assert message.to == ["ada@partner.example"]
    code = code_in(message)
    assert len(code) == 6
    assert "http" not in message.body  # typed, never clicked: link scanners cannot use it
    response = client.post(CONFIRM, {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    page = client.get(reverse("accounts:profile"))
    assert "Signed in as ada@partner.example" in page.text
    user = get_user_model().objects.get(email="ada@partner.example")
    assert not user.has_usable_password()
    assert user.emailaddress_set.get().verified


def test_a_known_and_an_unknown_address_get_the_same_answer(client, django_user_model):
    sign_in(Client(), "known@partner.example")
    known = request_code(Client(), "known@partner.example")
    unknown = request_code(Client(), "nobody@elsewhere.example")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    # Each got a code mail with the same wording.
    first, second = mail.outbox[-2:]
    assert first.subject == second.subject
    assert first.body.replace(code_in(first), "") == second.body.replace(code_in(second), "")


def test_a_code_works_once(client):
    mail.outbox.clear()
    request_code(client, "once@partner.example")
    code = code_in(mail.outbox[-1])
    assert client.post(CONFIRM, {"code": code}).status_code == 302
    client.post(reverse("account_logout"))
    again = client.post(CONFIRM, {"code": code})
    assert again.status_code == 302 and again["Location"] == REQUEST
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_code_expires_after_fifteen_minutes(client, monkeypatch):
    import time

    request_code(client, "late@partner.example")
    code = code_in(mail.outbox[-1])
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 15 * 60 + 1)
    response = client.post(CONFIRM, {"code": code})
    assert response["Location"] == REQUEST
    monkeypatch.undo()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_five_wrong_tries_end_the_code(client):
    request_code(client, "guess@partner.example")
    code = code_in(mail.outbox[-1])
    for _attempt in range(4):
        wrong = client.post(CONFIRM, {"code": "BBBBBB" if code != "BBBBBB" else "CCCCCC"})
        assert wrong.status_code == 200
        assert "Incorrect code" in wrong.text
    fifth = client.post(CONFIRM, {"code": "BBBBBB" if code != "BBBBBB" else "CCCCCC"})
    assert fifth.status_code == 302 and fifth["Location"] == REQUEST
    # The right code no longer signs in.
    assert client.post(CONFIRM, {"code": code})["Location"] == REQUEST
    assert client.get(reverse("accounts:profile")).status_code == 302


@override_settings(RATELIMITS_PER_EMAIL={"login-code": "3/h"})
def test_code_requests_are_limited_per_address():
    for ip in range(3):
        assert (
            request_code(Client(REMOTE_ADDR=f"10.0.{ip}.1"), "many@partner.example").status_code
            == 302
        )
    refused = request_code(Client(REMOTE_ADDR="10.0.9.1"), "many@partner.example")
    assert refused.status_code == 429
    assert len(mail.outbox) == 3
    # Another address from the same place is still served.
    assert request_code(Client(REMOTE_ADDR="10.0.9.1"), "other@partner.example").status_code == 302


@override_settings(RATELIMITS={"login-code": "3/h"})
def test_code_requests_are_limited_per_client():
    for number in range(3):
        response = request_code(Client(REMOTE_ADDR="10.1.1.1"), f"person{number}@partner.example")
        assert response.status_code == 302
    refused = request_code(Client(REMOTE_ADDR="10.1.1.1"), "person9@partner.example")
    assert refused.status_code == 429
    assert len(mail.outbox) == 3


def test_a_bad_address_is_a_clear_error_that_keeps_what_was_typed(client):
    response = request_code(client, "not an address")
    assert response.status_code == 200
    assert "Enter a valid email address" in response.text
    assert 'value="not an address"' in response.text
    assert "{#" not in response.text  # the error summary's comment stays a comment
    assert not mail.outbox


def test_staff_get_no_code(client, django_user_model):
    django_user_model.objects.create_user("editor", "editor@vendor.example", "pw", is_staff=True)
    response = request_code(client, "editor@vendor.example")
    assert response.status_code == 302 and response["Location"] == CONFIRM
    [message] = mail.outbox
    assert "staff sign in at the hub's administration" in message.body
    assert not re.search(r"^[A-Z0-9]{6}$", message.body, re.MULTILINE)


def test_sign_out(client):
    sign_in(client, "out@partner.example")
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_sign_out_everywhere_ends_every_session():
    laptop, phone = Client(), Client()
    sign_in(laptop, "two@partner.example")
    sign_in(phone, "two@partner.example")
    assert phone.get(reverse("accounts:profile")).status_code == 200
    response = laptop.post(reverse("accounts:sign-out-everywhere"))
    assert response.status_code == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 302
    assert phone.get(reverse("accounts:profile")).status_code == 302
    # And the account can sign in again.
    sign_in(phone, "two@partner.example")
    assert phone.get(reverse("accounts:profile")).status_code == 200


def test_a_verified_address_at_an_organisation_domain_joins_it(client):
    organisation = Organisation.objects.create(name="Acme", tier=Organisation.Tier.PARTNER)
    EmailDomain.objects.create(organisation=organisation, domain="acme.example")
    sign_in(client, "Ada@ACME.example")
    user = get_user_model().objects.get(email__iexact="ada@acme.example")
    assert list(user.organisations.all()) == [organisation]
    assert "Member of Acme (partner)" in client.get(reverse("accounts:profile")).text


def test_another_address_after_asking_for_a_code(client):
    request_code(client, "typo@partner.exmaple")
    # While a code is pending, the sign-in page leads to it ...
    assert client.get(REQUEST)["Location"] == CONFIRM
    # ... until the visitor chooses to start again.
    response = client.post(reverse("account_logout"), {"next": REQUEST})
    assert response["Location"] == REQUEST
    assert request_code(client, "right@partner.example").status_code == 302
    assert mail.outbox[-1].to == ["right@partner.example"]
