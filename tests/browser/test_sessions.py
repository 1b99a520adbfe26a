"""What a visitor sees of Phish & Chips sessions, in a real browser: what only
styles and layout show."""

from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import (
    REGISTRATION,
    assert_accessible_at_every_width,
    emails_to,
    link_path,
    register,
)
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


def test_registering_twice_leads_to_the_booking_link_and_its_calendar(page):
    session = make_session(title="Phish & Chips Leeds", capacity=5)
    register(page, session, REGISTRATION)
    expect(page.get_by_role("main")).to_contain_text("Confirmed")
    assert_accessible_at_every_width(page, screenshot="registration-confirmed")

    register(page, session, REGISTRATION)
    expect(page.get_by_role("main")).to_contain_text("already registered")
    mail.outbox.clear()
    page.get_by_role("button", name="Email me my booking link again").click()
    expect(page.get_by_role("main")).to_contain_text("we have emailed the link")
    assert_accessible_at_every_width(page, screenshot="booking-link-sent")

    (message,) = emails_to(REGISTRATION["email"])
    page.goto(link_path(message, "manage"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the calendar file (.ics)").click()
    assert download.value.suggested_filename == "phish-and-chips.ics"
    expect(
        page.get_by_role("link", name="Outlook for work or school (Microsoft 365)")
    ).to_be_visible()
    assert page.problems == []
