"""The error pages the hub renders itself, reached as a visitor would reach
them: in the site's design, with a level-1 heading that says what happened,
and no axe violation at any impact level at desktop and phone width."""

import re

from django.template.loader import render_to_string
from playwright.sync_api import expect

from tests.browser.helpers import (
    ENQUIRY,
    assert_accessible_at_every_width,
    fill,
    heading,
    send_without_browser_checks,
)


def assert_error_page(page, response, status, title, *, name):
    assert response.status == status
    expect(heading(page)).to_have_text(title)
    expect(page.get_by_role("banner")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot=f"error-{name}")


def send_contact_form(page):
    """Fill in the contact form and send it; return the response to the post."""
    fill(page, ENQUIRY)
    page.locator("main [name=consent]").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send to the technical team").click()
    return navigation.value


def test_a_malformed_address_gets_the_bad_request_page(page):
    # %00 arrives at Django as a NUL byte in the path, which it refuses with a 400.
    response = page.goto("/faq/ports%00/")
    assert_error_page(page, response, 400, "We could not read that request", name="400")


def test_a_form_sent_without_its_csrf_cookie_gets_a_page_that_explains_it(page):
    page.goto("/contact/?topic=support")
    page.context.clear_cookies()
    response = send_contact_form(page)
    assert_error_page(page, response, 403, "This form could not be sent", name="403-csrf")


def test_an_unknown_address_gets_the_not_found_page(page):
    response = page.goto("/no-such-page/")
    assert_error_page(page, response, 404, "We cannot find that page", name="404")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def test_a_form_sent_to_a_page_that_takes_none_gets_the_wrong_method_page(page):
    page.goto("/contact/?topic=support")
    # The form keeps its CSRF token; only its address is wrong.
    page.locator("main form").evaluate("form => { form.action = '/faq/'; }")
    response = send_contact_form(page)
    assert_error_page(page, response, 405, "That is not possible on this page", name="405")


def test_too_many_forms_get_the_too_many_requests_page(page, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {**settings.RATELIMITS, "contact": "1/h"}
    settings.TEAM_EMAIL = "team@example.com"
    page.goto("/contact/?topic=support")
    # A form sent with mistakes is not counted: corrected, it goes through.
    send_without_browser_checks(page.locator("main form"))
    expect(page.locator("main [aria-invalid=true]").first).to_be_attached()
    assert send_contact_form(page).ok
    expect(heading(page)).to_have_text(re.compile("Thank you"))
    page.goto("/contact/?topic=support")
    response = send_contact_form(page)
    assert_error_page(page, response, 429, "Too many requests", name="429")
    expect(page.locator("main")).to_contain_text(
        re.compile(r"from \d\d:\d\d \(\w+\), in \d+ minutes")
    )
    expect(page.get_by_role("link", name="Search the FAQ")).to_be_visible()
    expect(page.get_by_role("link", name="team@example.com")).to_be_visible()


def test_a_form_too_large_to_send_gets_the_too_large_page(page, settings):
    settings.REQUEST_MAX_BYTES = 100
    page.goto("/contact/?topic=support")
    response = send_contact_form(page)
    assert_error_page(page, response, 413, "That was too large to send", name="413")
    page.go_back()
    expect(page.locator("main [name=name]")).to_have_value(ENQUIRY["name"])


def test_the_server_error_page_stands_alone_and_is_accessible(page):
    # 500.html is a static page: served as it is, with the hub's stylesheet.
    html = render_to_string("500.html")
    page.route(
        "**/server-error/",
        lambda route: route.fulfill(status=500, content_type="text/html", body=html),
    )
    response = page.goto("/server-error/")
    assert_error_page(page, response, 500, "Something went wrong on our side", name="500")
