import re
from html import unescape

import pytest
from django.urls import reverse


@pytest.fixture(autouse=True)
def media_root(media_root):
    """Every test here stores its uploads in a folder of its own (tests/conftest.py)."""
    return media_root


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
