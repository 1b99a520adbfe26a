"""A long FAQ is split into pages, so no page carries every answer."""

import pytest

from content.search.models import SearchGap
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


def test_faq_search_says_when_answers_hold_only_some_of_the_words_and_counts_the_gap(client):
    make_question(title="SPF records", body="List your senders.")
    text = client.get("/faq/", {"q": "SPF DKIM"}).text
    assert "No question has all the words of “SPF DKIM”; 1 has some of them." in text
    assert "SPF records" in text
    assert SearchGap.objects.get().query == "spf dkim"
    text = client.get("/faq/", {"q": "what is the"}).text
    assert "holds only words that nearly every answer has" in text
    assert SearchGap.objects.count() == 1
