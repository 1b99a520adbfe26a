"""What staff typed before their session ended is kept for them, except personal data."""

import pytest
from django.test import Client
from django.urls import reverse

from content.core.unsaved import SESSION_KEY
from tests.factories import make_asset, make_registration, make_session

pytestmark = pytest.mark.django_db


def test_a_content_form_sent_after_the_session_ended_is_kept_for_after_sign_in():
    asset = make_asset()
    client = Client()
    url = reverse("admin:library_asset_change", args=[asset.pk])
    response = client.post(url, {"title": "Typed while away", "summary": "Kept"}, follow=True)
    assert "what you typed comes back in the form" in response.text
    assert client.session[SESSION_KEY]["path"] == url
    assert client.session[SESSION_KEY]["data"]["title"] == ["Typed while away"]


def test_a_registration_form_is_not_kept_since_it_holds_personal_data():
    registration = make_registration(make_session())
    client = Client()
    url = reverse("admin:events_registration_change", args=[registration.pk])
    client.post(url, {"name": "Someone", "email": "someone@example.com"})
    assert SESSION_KEY not in client.session
