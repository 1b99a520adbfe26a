import re
from html import unescape

import pytest
from django.urls import reverse


@pytest.fixture
def editor_client(client_in_group):
    """A client logged in as a member of the "Content editors" group."""
    return client_in_group("Content editors")


@pytest.fixture
def manager_client(client_in_group):
    """A client logged in as a member of the "Event managers" group."""
    return client_in_group("Event managers")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Store uploads in a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def text_of(response):
    """Return the page's text without tags, as a person reads it."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.text)))


PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n"


def admin_url(item, name, *args):
    """Return the admin address `name` ("change", "history", ...) of `item`."""
    meta = item._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=[item.pk, *args])
