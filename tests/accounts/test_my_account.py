"""My account: details that fill the booking form, registrations, deleting the account."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from content.accounts.models import Membership, Organisation, Profile
from content.events.models import Registration
from tests.factories import make_registration, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    user = get_user_model().objects.create_user("ada", "ada@acme.example")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_details_are_saved_and_fill_the_booking_form(visitor):
    response = visitor.post(
        reverse("accounts:profile"),
        {"name": "Ada Lovelace", "company": "Acme", "job_title": "Security engineer"},
    )
    assert response.status_code == 302
    session = make_session()
    page = visitor.get(session.get_absolute_url()).text
    for value in ["Ada Lovelace", "Acme", "Security engineer", "ada@acme.example"]:
        assert f'value="{value}"' in page
    # Nobody else's form is filled in.
    assert 'value="Ada Lovelace"' not in Client().get(session.get_absolute_url()).text


def test_a_visitor_stays_signed_in_when_the_cache_is_emptied(visitor):
    # Sessions are read through the cache but kept in the database.
    assert visitor.get(reverse("accounts:profile")).status_code == 200
    cache.clear()
    page = visitor.get(reverse("accounts:profile"))
    assert page.status_code == 200
    assert "ada@acme.example" in page.text


def test_a_detail_too_long_is_refused_and_kept(visitor):
    response = visitor.post(reverse("accounts:profile"), {"name": "x" * 201, "company": "Acme"})
    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in response.text
    assert 'value="Acme"' in response.text


def test_registrations_across_sessions_with_their_cancel_links(visitor):
    first = make_registration(make_session(title="Phishing day"), email="ADA@acme.example")
    make_registration(make_session(title="Insider risk day"), email="ada@acme.example")
    make_registration(make_session(title="Someone else's day"), email="bo@acme.example")
    page = visitor.get(reverse("accounts:profile")).text
    assert "Phishing day" in page and "Insider risk day" in page
    assert "Someone else" not in page
    line = next(line for line in page.split("<li>") if "Phishing day" in line)
    manage = line.split("Manage or cancel")[0].rsplit('href="', 1)[1].split('"')[0]
    cancel_page = visitor.get(manage.rstrip("/") + "/cancel/")
    assert cancel_page.status_code == 200
    assert visitor.post(manage.rstrip("/") + "/cancel/").status_code == 302
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED


def test_deleting_the_account_removes_its_personal_data_and_keeps_counts(visitor):
    organisation = Organisation.objects.create(name="Acme", tier="partner")
    Membership.objects.create(organisation=organisation, user=visitor.user)
    Profile.objects.create(user=visitor.user, name="Ada", company="Acme")
    full = make_session(capacity=1)
    seat = make_registration(full, email="ada@acme.example")
    waiting = make_registration(
        full, email="next@example.com", status=Registration.Status.WAITLISTED
    )
    assert visitor.get(reverse("accounts:delete")).status_code == 200
    response = visitor.post(reverse("accounts:delete"))
    assert response["Location"] == reverse("accounts:deleted")
    assert not get_user_model().objects.filter(email="ada@acme.example").exists()
    assert not Profile.objects.exists() and not Membership.objects.exists()
    seat.refresh_from_db()
    assert seat.email.endswith("@removed.invalid") and seat.name == "Removed"
    assert seat.status == Registration.Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED  # the seat went on
    assert full.registrations.count() == 2
    assert visitor.get(reverse("accounts:profile")).status_code == 302


def test_staff_cannot_delete_their_account_here(client):
    staff = get_user_model().objects.create_user("ed", "ed@vendor.example", is_staff=True)
    client.force_login(staff)
    assert client.post(reverse("accounts:delete")).status_code == 403
    assert get_user_model().objects.filter(pk=staff.pk).exists()
