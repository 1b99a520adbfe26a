"""Site search in a real browser: the suggestions' words, and the facets on a phone."""

from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible_at_every_width
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


def _search_with_facets():
    for number in range(3):
        make_question(title=f"Synchronisation question {number}", tags=["ldap"])


def test_on_a_phone_the_first_result_comes_before_the_facets(phone_page):
    _search_with_facets()
    page = phone_page
    page.goto("/search/?q=synchronisation")
    first_result = page.locator(".search-result").first
    facet = page.get_by_role("link", name="ldap (3)")
    expect(first_result).to_be_in_viewport()
    expect(facet).to_be_hidden()
    page.get_by_text("Filter", exact=True).tap()
    expect(facet).to_be_visible()
    assert page.problems == []


def test_on_a_desktop_the_facets_are_open(page):
    _search_with_facets()
    page.goto("/search/?q=synchronisation")
    expect(page.get_by_role("link", name="ldap (3)")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="search-facets")


def test_partial_and_empty_results_lead_somewhere_and_stay_accessible(page):
    make_question(title="DKIM key rotation", body="Rotate the key every year.")
    make_question(title="DKIM signing", body="Sign with a 2048-bit key.")
    page.goto("/search/?q=dkim+key+rotation+tachyon")
    expect(page.locator("main [role=status]")).to_contain_text("none mentions tachyon")
    expect(page.get_by_role("link", name="Ask the technical team")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="search-partial")

    page.goto("/search/?q=kerberos+tickets")
    expect(page.get_by_role("heading", name="Nothing matched")).to_be_visible()
    page.get_by_role("link", name="ask the technical team").click()
    expect(page.get_by_label("Subject")).to_have_value("kerberos tickets")
    assert page.problems == []
