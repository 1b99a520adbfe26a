"""Site search in a real browser: the suggestions' words, and the facets on a phone."""

from playwright.sync_api import expect

from tests.factories import make_question


def test_one_suggestion_is_counted_in_the_singular(page):
    make_question(title="When does Active Directory synchronisation run?")
    page.goto("/")
    box = page.locator("#site-search-q")
    box.press_sequentially("synchro", delay=60)
    expect(page.get_by_role("option", name="See the 1 result for “synchro”")).to_be_visible()
    expect(page.locator(".suggestions + [role=status]")).to_have_text(
        "1 suggestion. Use the arrow keys to choose."
    )
    assert page.problems == []
