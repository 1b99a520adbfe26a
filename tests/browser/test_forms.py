"""Every public form sums up its errors at the top (GOV.UK's error summary,
focused on load, a link to each field), shows each next to its field, keeps
what was typed, and passes axe in its error state at desktop and phone width.

The browser's own checks of `required` and `type=email` are switched off for
these tests, as some browsers and assistive tools do not run them; the server's
answer is what is tested.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    BAD_REQUEST,
    assert_accessible_at_every_width,
    send_without_browser_checks,
)
from tests.factories import make_asset, make_question, make_session

# Chromium logs a failed load as a console error; a form in error answers 400.


def assert_error_next_to(page, name, typed):
    """The field says it is invalid, its description carries the error, and it
    still holds what was typed."""
    field = page.locator(f"main [name={name}]")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(r"\S"))
    if typed is not None:
        expect(field).to_have_value(typed)


def assert_error_summary_leads_to_each_field(page, fields):
    """The error summary has the focus when the page loads, and its links,
    one per field in `fields` in that order, each move the focus to the field."""
    summary = page.locator("main .error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(fields))
    for index, name in enumerate(fields):
        links.nth(index).click()
        expect(page.locator(f"main [name={name}]").first).to_be_focused()
        expect(page.locator(f"main [name={name}]").first).to_be_in_viewport()


def test_registration_form_shows_errors_next_to_fields_and_keeps_what_was_typed(page):
    session = make_session(title="Phish & Chips Leeds")
    page.goto(session.get_absolute_url())
    form = page.locator("main form").filter(has=page.locator("[name=consent]"))
    form.locator("[name=name]").fill("Ada Lovelace")
    form.locator("[name=email]").fill("ada at example")
    form.locator("[name=company]").fill("Analytical Engines Ltd")
    form.locator("[name=notes]").fill("Vegetarian lunch, please.")
    send_without_browser_checks(form)

    assert_error_summary_leads_to_each_field(page, ["email", "job_title", "consent"])

    assert_error_next_to(page, "email", "ada at example")
    assert_error_next_to(page, "job_title", "")
    assert_error_next_to(page, "consent", None)
    expect(page.locator("main [name=name]")).to_have_value("Ada Lovelace")
    expect(page.locator("main [name=company]")).to_have_value("Analytical Engines Ltd")
    expect(page.locator("main [name=notes]")).to_have_value("Vegetarian lunch, please.")
    assert_accessible_at_every_width(page)
    assert page.problems == []


def test_contact_form_shows_errors_next_to_fields_and_keeps_what_was_typed(page):
    page.goto("/contact/?topic=support")
    form = page.locator("main form").filter(has=page.locator("[name=message]"))
    form.locator("[name=name]").fill("Grace Hopper")
    form.locator("[name=email]").fill("grace@")
    form.locator("[name=message]").fill("Digest emails stopped after the LDAP change.")
    send_without_browser_checks(form)

    assert_error_summary_leads_to_each_field(page, ["email", "company", "consent"])

    assert_error_next_to(page, "email", "grace@")
    assert_error_next_to(page, "consent", None)
    expect(page.locator("main [name=name]")).to_have_value("Grace Hopper")
    expect(page.locator("main [name=topic]")).to_have_value("support")
    expect(page.locator("main [name=message]")).to_have_value(
        "Digest emails stopped after the LDAP change."
    )
    assert_accessible_at_every_width(page)
    assert page.problems == []


def test_faq_and_site_search_say_plainly_when_nothing_matches(page):
    make_question(title="Which ports does mail use?")
    page.goto("/faq/?q=zanzibar")
    expect(page.locator("main [role=status]")).to_contain_text("0 questions match")
    expect(page.locator("#faq-q")).to_have_value("zanzibar")
    assert_accessible_at_every_width(page, screenshot="faq-no-results")

    page.goto("/search/?q=zanzibar")
    expect(page.get_by_role("heading", name="Nothing matched")).to_be_visible()
    expect(page.locator("#site-search-q")).to_have_value("zanzibar")
    assert_accessible_at_every_width(page, screenshot="search-no-results")
    assert page.problems == []


@pytest.mark.parametrize("make_item", [make_asset, make_question])
def test_feedback_errors_are_summed_up_and_shown_next_to_the_fields(page, make_item):
    item = make_item(title="Leaver response playbook")
    page.goto(item.get_absolute_url())
    form = page.locator("main form.feedback-form")
    form.locator("[name=comment]").evaluate("field => { field.maxLength = 1000; }")
    form.locator("[name=comment]").fill("x" * 501)
    send_without_browser_checks(form)

    assert_error_summary_leads_to_each_field(page, ["helpful", "comment"])
    # No answer chosen: the group of choices carries the error.
    expect(page.get_by_role("group", name="Was this helpful?")).to_have_accessible_description(
        "Choose yes or no."
    )
    expect(page.locator("main [name=comment]")).to_have_value("x" * 501)
    assert_accessible_at_every_width(page, screenshot=f"error-feedback-{item.kind}")
    assert page.problems == [f"{page.url}: {BAD_REQUEST}"]


def test_a_feedback_answer_is_remembered_on_its_own_page_only(page):
    item = make_asset(title="Leaver response playbook")
    page.goto(item.get_absolute_url())
    form = page.locator("main form.feedback-form")
    form.get_by_label("Yes").check()
    form.get_by_role("button", name="Send").click()
    expect(page.locator("main .feedback [role=status]")).to_contain_text("your answer has been saved")
    site = page.url.split(item.get_absolute_url())[0]

    def cookies_sent_to(path):
        return {cookie["name"] for cookie in page.context.cookies(site + path)}

    assert "hub_browser" in cookies_sent_to(item.get_absolute_url())
    # Other pages get no cookie of the answer, so the page cache still serves them.
    assert "hub_browser" not in cookies_sent_to("/library/")
    assert "hub_browser" not in cookies_sent_to("/")
