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
from tests.factories import make_area, make_registration, make_session

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


def test_the_register_button_at_the_top_leads_to_the_form(phone_page):
    session = make_session(title="Leeds day", capacity=5, body="## Morning\n\n" + "Talks. " * 300)
    phone_page.goto(session.get_absolute_url())
    phone_page.get_by_role("link", name="Register", exact=True).tap()
    expect(phone_page).to_have_url(f"{phone_page.url.split('#')[0]}#register")
    expect(phone_page.get_by_label("Your name")).to_be_in_viewport()


def test_the_session_list_filters_without_javascript(no_script_page):
    page = no_script_page
    insider = make_area(name="Insider Risk")
    make_session(title="Leeds day", area=insider)
    make_session(title="Online day", attendance="online", city="")
    page.goto("/phish-and-chips/")
    page.get_by_label("Product area").select_option(label="Insider Risk")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="Leeds day")).to_be_visible()
    expect(page.get_by_role("heading", name="Online day")).to_have_count(0)
    # axe needs scripts: test_pages.py checks a filtered list with them on.
