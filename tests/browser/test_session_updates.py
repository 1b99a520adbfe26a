"""A cancelled session's page, the calendar subscriptions on the list, and the admin
pages that cancel a session and write to its people, in a real browser with axe."""

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible_at_every_width
from tests.browser.test_admin import sign_in
from tests.factories import make_registration, make_session


def test_a_cancelled_session_and_the_subscriptions_are_accessible(page):
    session = make_session(title="Leeds day", cancelled_at=timezone.now())
    page.goto(session.get_absolute_url())
    expect(page.locator(".notice--cancelled")).to_contain_text("This session was cancelled.")
    expect(page.get_by_label("Your name")).to_have_count(0)
    assert_accessible_at_every_width(page, screenshot="session-cancelled")

    page.goto("/phish-and-chips/")
    expect(page.locator(".seats", has_text="Cancelled")).to_be_visible()
    subscribe = page.get_by_role("link", name="Subscribe: All Phish & Chips sessions")
    assert subscribe.get_attribute("href").startswith("webcal://")
    assert_accessible_at_every_width(page, screenshot="session-list-subscriptions")
    assert page.problems == []


def test_an_event_manager_previews_tests_and_sends_a_message_then_cancels(page, django_user_model):
    django_user_model.objects.create_superuser("manager", "manager@example.com", "correct horse")
    session = make_session(title="Leeds day")
    make_registration(session, email="ada@example.com")
    page.goto(f"/admin/events/session/{session.pk}/change/")
    sign_in(page, username="manager")
    page.get_by_role("link", name="Write to its people").click()
    page.get_by_label("Confirmed people").check()
    page.get_by_label("Subject").fill("Parking")
    page.get_by_label("Body").fill("Park on **level 2**.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".hub-preview strong")).to_have_text("level 2")
    assert_accessible_at_every_width(page, screenshot="admin-message-preview")

    mail.outbox.clear()
    page.get_by_role("button", name="Send a test to me").click()
    expect(page.get_by_text("A test went to you at manager@example.com")).to_be_visible()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("is on its way to 1 person(s)")).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "manager@example.com"]

    page.goto("/admin/events/session/")
    page.get_by_role("checkbox", name="Select this object for an action - Leeds day").check()
    page.get_by_label("Action:").select_option("cancel_sessions")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("1 person holds a seat")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="admin-cancel-sessions")
    page.get_by_role("button", name="Yes, cancel and email them").click()
    expect(page.get_by_text("1 session(s) cancelled")).to_be_visible()
    assert page.problems == []
