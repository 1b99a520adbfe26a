"""Signing in with an emailed code, the account page and the staff second
factor, in a real browser: each page passes axe at desktop and phone width."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible_at_every_width, emails_to, heading


def test_a_visitor_signs_in_with_a_code_and_sees_their_account(page):
    page.goto("/")
    page.get_by_role("link", name="Account").click()
    expect(heading(page)).to_have_text("Sign in")
    assert_accessible_at_every_width(page, screenshot="account-sign-in")
    page.get_by_label("Email address").fill("ada@partner.example")
    page.get_by_role("button", name="Email me a code").click()
    expect(heading(page)).to_have_text("Enter your code")
    assert_accessible_at_every_width(page, screenshot="account-code")
    [message] = emails_to("ada@partner.example")
    code = re.search(r"^([A-Z0-9]{6})$", message.body, re.MULTILINE).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("My account")
    expect(page.get_by_text("Signed in as ada@partner.example")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="account")
    page.get_by_label("Company").fill("Partner Ltd")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_label("Company")).to_have_value("Partner Ltd")
    page.get_by_role("button", name="Sign out on every device").click()
    expect(heading(page)).to_have_text("Sign in")
    assert page.problems == []


def test_staff_set_up_their_second_factor(page, live_server, settings):
    settings.ADMIN_SECOND_FACTOR = True
    get_user_model().objects.create_superuser("root", "root@vendor.example", "a-long-pass-9")
    page.goto("/admin/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("a-long-pass-9")
    page.get_by_role("button", name="Log in").click()
    expect(heading(page)).to_have_text("Set up your second factor")
    assert_accessible_at_every_width(page, screenshot="second-factor")
    secret = page.locator("main code").inner_text()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Turn on").click()
    expect(heading(page)).to_have_text("Your recovery codes")
    assert_accessible_at_every_width(page, screenshot="recovery-codes")
    page.get_by_role("link", name="Continue to the administration").click()
    expect(page).to_have_title(re.compile("Technical Hub admin"))
    assert page.problems == []
