"""What a visitor sees of Phish & Chips sessions, in a real browser: what only
styles and layout show."""

from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible_at_every_width
from tests.factories import make_registration, make_session

COLOUR = "element => getComputedStyle(element).color"


def test_a_full_session_shows_waitlist_open_in_its_own_colour(page):
    make_session(title="Leeds day", capacity=3)
    full = make_session(title="Manchester day", capacity=1)
    make_registration(full)
    page.goto("/phish-and-chips/")
    seats_left = page.locator(".seats", has_text="3 seats left")
    waitlist = page.locator(".seats", has_text="Waitlist open")
    expect(seats_left).to_be_visible()
    expect(waitlist).to_be_visible()
    assert waitlist.evaluate(COLOUR) != seats_left.evaluate(COLOUR)
    page.goto(full.get_absolute_url())
    assert_accessible_at_every_width(page, screenshot="session-full")
