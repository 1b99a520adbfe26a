"""The contact form in a real browser: answers to the subject as it is typed
(and, without JavaScript, with "Check for answers"), and the status page the
reference opens."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    ENQUIRY,
    assert_accessible_at_every_width,
    emails_to,
    fill,
    heading,
    link_path,
)
from tests.factories import make_question

ANSWER = "When does Active Directory synchronisation run?"


@pytest.fixture
def answer(live_server):
    return make_question(title=ANSWER, body="Synchronisation runs three times a day.")


def test_answers_are_suggested_as_the_subject_is_typed_and_open_in_a_new_tab(page, answer):
    page.goto("/contact/?topic=support")
    fill(page, ENQUIRY)
    subject = page.locator("main [name=subject]")
    subject.press_sequentially("synchro", delay=60)
    expect(subject).to_have_attribute("role", "combobox")
    expect(subject).to_have_attribute("aria-expanded", "true")
    suggestion = page.get_by_role("option", name=re.compile("Active Directory synchronisation"))
    expect(suggestion).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="new tab")).to_be_attached()
    assert_accessible_at_every_width(page, screenshot="contact-suggestions")

    with page.context.expect_page() as opened:
        suggestion.click()
    expect(heading(opened.value)).to_have_text(ANSWER)
    # The form, in its own tab, still holds what was typed.
    expect(subject).to_have_value("synchro")
    expect(page.locator("main [name=message]")).to_have_value(ENQUIRY["message"])

    # With the keyboard: the arrow picks, Enter opens it in a new tab too.
    subject.focus()
    page.keyboard.press("ArrowDown")
    expect(subject).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(subject).to_have_attribute("aria-activedescendant", re.compile(".+"))
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")
    expect(heading(opened.value)).to_have_text(ANSWER)
    expect(page.locator("main [name=name]")).to_have_value(ENQUIRY["name"])
    assert page.problems == []


def check_answers_then_send(page):
    """Fill in the form with a subject, check for answers, then send; return the reference."""
    page.goto("/contact/?topic=support")
    fill(page, ENQUIRY | {"subject": "synchronisation times"})
    page.locator("main [name=consent]").check()
    page.get_by_role("button", name="Check for answers").click()

    found = page.get_by_role("link", name=re.compile("Active Directory synchronisation"))
    expect(found).to_be_visible()
    expect(found).to_have_attribute("target", "_blank")
    expect(page.locator("main [name=subject]")).to_have_value("synchronisation times")
    expect(page.locator("main [name=message]")).to_have_value(ENQUIRY["message"])
    expect(page.locator("main [name=consent]")).to_be_checked()
    return found


def send_and_open_the_status_page(page):
    """Send the form and follow the reference; return it."""
    page.get_by_role("button", name="Send to the technical team").click()
    reference = page.locator("main .reference")
    expect(reference).to_have_text(re.compile(r"TH-\w{4}-\w{4}"))
    number = reference.inner_text()
    reference.click()
    expect(heading(page)).to_have_text(f"Your enquiry {number}")
    expect(page.get_by_role("main")).to_contain_text("New")
    expect(page.get_by_role("main")).not_to_contain_text(ENQUIRY["message"])
    return number


def test_without_javascript_check_for_answers_then_send_and_follow_the_reference(
    no_script_page, answer
):
    page = no_script_page
    check_answers_then_send(page)
    send_and_open_the_status_page(page)


def test_the_answers_and_the_status_page_are_accessible_and_the_receipt_opens_it(page, answer):
    check_answers_then_send(page)
    assert_accessible_at_every_width(page, screenshot="contact-answers")
    number = send_and_open_the_status_page(page)
    assert_accessible_at_every_width(page, screenshot="contact-status")

    (receipt,) = emails_to(ENQUIRY["email"])
    page.goto(link_path(receipt, "/contact/status/"))
    expect(heading(page)).to_have_text(f"Your enquiry {number}")
    assert page.problems == []
