"""A long FAQ is split into pages, so no page carries every answer."""

import pytest

from tests.factories import make_question

pytestmark = pytest.mark.django_db


def test_long_faq_is_split_into_pages_of_fifty(client):
    for number in range(51):
        make_question(title=f"Question number {number:02d}", topic="Network", order=number)
    first = client.get("/faq/")
    assert first.text.count('class="faq-item"') == 50
    assert "Page 1 of 2" in first.text
    second = client.get("/faq/", {"page": 2})
    assert second.text.count('class="faq-item"') == 1
    assert "Question number 50" in second.text
