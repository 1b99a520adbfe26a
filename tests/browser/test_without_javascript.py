"""Pages work with JavaScript switched off (the journey from home to a download
runs both ways in test_journeys.py), and with it on they log no error and
break no Content-Security-Policy rule."""

import re

from playwright.sync_api import expect

from content.events.models import Registration
from tests.browser.helpers import ENQUIRY, REGISTRATION, fill, heading, register
from tests.factories import make_question, make_session


def test_without_javascript_faq_answers_open_and_site_search_finds_them(no_script_page):
    page = no_script_page
    make_question(title="Which ports does mail use?", topic="Network", body="SMTP uses port 25.")
    page.goto("/faq/")
    page.get_by_text("Which ports does mail use?").click()
    expect(page.get_by_text("SMTP uses port 25.")).to_be_visible()

    page.locator("#site-search-q").fill("ports")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=ports"))
    page.get_by_role("link", name="Which ports does mail use?").click()
    expect(heading(page)).to_have_text("Which ports does mail use?")


def test_without_javascript_library_filters_narrow_the_list(no_script_page, demo_content):
    page = no_script_page
    page.goto("/library/")
    page.locator("main select[name=type]").select_option("policy-template")
    page.get_by_role("button", name=re.compile("filter", re.I)).click()
    expect(page).to_have_url(re.compile(r"type=policy-template"))
    expect(page.locator("main .badge")).not_to_have_count(0)
    for badge in page.locator("main .badge").all_inner_texts():
        assert badge == "Policy template"


def test_without_javascript_the_registration_form_works(no_script_page):
    page = no_script_page
    session = make_session(title="Phish & Chips Leeds", capacity=5)
    register(page, session, REGISTRATION)
    expect(page.get_by_role("main")).to_contain_text(re.compile("confirmed", re.I))
    assert Registration.objects.get(email=REGISTRATION["email"]).status == "confirmed"


def test_without_javascript_the_contact_form_works(no_script_page):
    page = no_script_page
    page.goto("/contact/?topic=support")
    fill(page, ENQUIRY)
    page.locator("main [name=consent]").check()
    page.get_by_role("button", name="Send to the technical team").click()
    expect(page.get_by_role("main")).to_contain_text(re.compile("reference", re.I))


def test_the_console_check_catches_a_csp_violation(page):
    """The pages' console check is only worth something if it sees a blocked script."""
    page.goto("/")
    page.evaluate(
        "() => { const script = document.createElement('script');"
        " script.textContent = 'window.ran = true'; document.body.append(script); }"
    )
    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("() => window.ran") is None
    assert any("Content Security Policy" in problem for problem in page.problems), page.problems
