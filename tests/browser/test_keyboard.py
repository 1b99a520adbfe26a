"""The journeys again, with the keyboard alone: Tab to move, Enter to follow a link
or press a button, Space to tick a box. At every stop the focus must be visible."""

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from content.events.models import Registration
from content.faq.models import Question
from tests.browser.helpers import (
    ENQUIRY,
    REGISTRATION,
    assert_focus_visible,
    emails_to,
    focused,
    heading,
    link_path,
    register,
    tab_to,
)
from tests.factories import make_question, make_session


def follow(page, text, *, to, backwards=False, most=80):
    """Tab to the link or button whose text contains `text` (within `most`
    presses), press Enter, and wait for the page whose level-1 heading is `to`."""
    tab_to(page, text, backwards=backwards, most=most)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text(to)


def test_skip_link_comes_first_shows_itself_and_moves_to_the_main_content(page):
    make_question(title="Which ports does mail use?")
    page.goto("/faq/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    assert_focus_visible(page)
    box = page.get_by_role("link", name="Skip to main content").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0, "the skip link stays off screen when focused"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))  # waits for the jump
    page.keyboard.press("Tab")
    assert focused(page)["inMain"], "Tab after the skip link should land in the main content"
    assert_focus_visible(page)


def test_keyboard_alone_goes_from_home_to_an_area_opens_an_asset_and_downloads_it(
    page, downloadable_asset
):
    page.goto("/")
    follow(page, "Insider Risk", to="Insider Risk")
    follow(page, "Leaver response playbook", to="Leaver response playbook")

    tab_to(page, "Download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert Path(download.value.path()).read_bytes() == downloadable_asset.file.read()


def test_keyboard_alone_browses_the_faq_opens_an_answer_and_searches(page):
    make_question(title="Which ports does mail use?", topic="Network", body="SMTP uses port 25.")
    make_question(title="Who can change policies?", topic="Policies", body="Administrators.")

    page.goto("/")
    follow(page, "FAQ", to="Frequently asked questions")
    tab_to(page, "Network")
    page.keyboard.press("Enter")
    tab_to(page, "Which ports does mail use?")
    page.keyboard.press("Enter")
    expect(page.get_by_text("SMTP uses port 25.")).to_be_visible()
    follow(page, "Link to this answer", to="Which ports does mail use?")

    tab_to(page, "Search the hub", backwards=True)
    page.keyboard.type("policies")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Search")
    follow(page, "Who can change policies?", to="Who can change policies?")
    assert page.problems == []


def test_keyboard_alone_staff_member_writes_and_publishes_an_faq_question(page):
    get_user_model().objects.create_superuser("editor", "editor@example.com", "correct horse")
    page.goto("/admin/")
    tab_to(page, "Username")
    page.keyboard.type("editor")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Content, sessions and enquiries")).to_be_visible()

    tab_to(page, "FAQ questions")
    page.keyboard.press("Tab")  # the "Add" link beside it
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Add FAQ question")
    tab_to(page, "Title")
    page.keyboard.type("Why is the quarantine digest empty?")
    tab_to(page, "Body")
    page.keyboard.type("The digest lists only messages held since the last one.")
    tab_to(page, "Topic")
    page.keyboard.type("Notifications")
    tab_to(page, "Status")
    page.keyboard.press("ArrowDown")
    tab_to(page, re.compile("^Save$"))
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Question.objects.published().count() == 1

    # Back up through the change list's tools ("Recently deleted" among them),
    # its filters (owner and review among them) and the admin's sidebar to
    # the header.
    follow(page, "View site", backwards=True, to="Technical Hub", most=140)
    tab_to(page, "Search the hub")
    page.keyboard.type("quarantine")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Search")
    follow(page, "Why is the quarantine digest empty?", to="Why is the quarantine digest empty?")


def test_keyboard_alone_picks_a_search_suggestion(page):
    make_question(
        title="When does Active Directory synchronisation run?", body="Three times a day."
    )
    page.goto("/")
    tab_to(page, "Search the hub")
    page.keyboard.type("synchro")
    expect(page.get_by_role("option").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    box = page.locator("#site-search-q")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(".+"))
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("When does Active Directory synchronisation run?")


def send_with_keyboard(page, fields, *, consent, button):
    """Tab to each field in turn, found by a word of its label, and type its value;
    tick the consent box with Space and press the button with Enter."""
    for word, value in fields.items():
        tab_to(page, re.compile(rf"\b{word}\b", re.I))
        page.keyboard.type(value)
    tab_to(page, re.compile(consent, re.I))
    page.keyboard.press("Space")
    tab_to(page, re.compile(button, re.I))
    page.keyboard.press("Enter")


def register_with_keyboard(page, session, values, *, button="^Register"):
    """Open the page of `session` and send its registration form with the keyboard."""
    page.goto(session.get_absolute_url())
    fields = {"name": "name", "email": "email", "company": "company", "job title": "job_title"}
    send_with_keyboard(
        page,
        {word: values[name] for word, name in fields.items()},
        consent="contact me",
        button=button,
    )


def cancel_with_keyboard(page):
    """On a manage page, follow the cancel link and confirm, with the keyboard."""
    follow(page, "Cancel my registration", to="Cancel your registration?")
    tab_to(page, "Yes, cancel my registration")
    page.keyboard.press("Enter")


def test_keyboard_alone_registers_for_a_session(page):
    session = make_session(title="Phish & Chips Leeds", capacity=5)
    register_with_keyboard(page, session, REGISTRATION)
    expect(page.get_by_role("main")).to_contain_text(re.compile("confirmed", re.I))
    assert Registration.objects.get(email=REGISTRATION["email"]).status == "confirmed"


def test_keyboard_alone_opens_the_manage_link_from_the_email_and_cancels(page):
    session = make_session(title="Phish & Chips Leeds", capacity=5)
    register(page, session, REGISTRATION)
    (confirmation,) = emails_to(REGISTRATION["email"])

    # Opening a link in an email client is not a step on the hub's pages.
    page.goto(link_path(confirmation, "manage"))
    expect(heading(page)).to_have_text("Your registration")
    cancel_with_keyboard(page)
    expect(page.get_by_role("main")).to_contain_text(re.compile("cancelled", re.I))
    assert Registration.objects.get(email=REGISTRATION["email"]).status == "cancelled"
    assert page.problems == []


def test_keyboard_alone_joins_the_waitlist_and_is_promoted_when_someone_cancels(page):
    session = make_session(title="Phish & Chips Leeds", capacity=1)
    register(page, session, REGISTRATION)
    page.context.clear_cookies()

    bob = REGISTRATION | {"name": "Bob Marley", "email": "bob@example.com"}
    register_with_keyboard(page, session, bob, button="^Join the waitlist")
    expect(page.get_by_role("main")).to_contain_text(re.compile("waitlist", re.I))
    assert Registration.objects.get(email=bob["email"]).status == "waitlisted"

    page.goto(link_path(emails_to(REGISTRATION["email"])[0], "manage"))
    cancel_with_keyboard(page)
    expect(page.get_by_role("main")).to_contain_text(re.compile("cancelled", re.I))

    promotion = emails_to(bob["email"])[-1]
    assert any(name.endswith(".ics") for name, *_ in promotion.attachments)
    page.goto(link_path(promotion, "manage"))
    expect(page.get_by_role("main")).to_contain_text(re.compile("confirmed", re.I))
    assert Registration.objects.get(email=bob["email"]).status == "confirmed"
    assert page.problems == []


# For the focused field: whether it is marked invalid, and the text of the
# elements its aria-describedby names (what a screen reader reads after the label).
FIELD_STATE = """() => {
  const field = document.activeElement;
  const ids = (field.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
  return {
    name: field.name,
    invalid: field.getAttribute("aria-invalid") === "true",
    description: ids.map(id => document.getElementById(id)?.textContent.trim() || "").join(" "),
  };
}"""


def test_keyboard_alone_reaches_each_invalid_field_and_hears_its_error(page):
    page.goto("/contact/?topic=support")
    send_with_keyboard(
        page, {"name": "Grace Hopper", "email": "grace@"}, consent="agree", button="^Send"
    )
    expect(page.locator("main [aria-invalid=true]").first).to_be_attached()
    errors = {
        field.get_attribute("name"): field.evaluate(
            "f => f.closest('.field').querySelector('.field__error').textContent.trim()"
        )
        for field in page.locator("main [aria-invalid=true]").all()
    }
    assert {"email", "company", "message"} <= errors.keys()

    heard = {}
    tab_to(page, "Skip to main content")
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if not focused(page)["inMain"]:
            break
        state = page.evaluate(FIELD_STATE)
        if state["invalid"]:
            heard[state["name"]] = state["description"]
    assert heard.keys() == errors.keys()
    for name, error in errors.items():
        assert error in heard[name], f"{name}: {error!r} is not in its description"


def test_keyboard_alone_sends_a_contact_enquiry(page):
    page.goto("/contact/?topic=support")
    fields = ["name", "email", "company", "message"]
    send_with_keyboard(
        page, {word: ENQUIRY[word] for word in fields}, consent="agree", button="^Send"
    )
    expect(page.get_by_role("main")).to_contain_text(re.compile("reference", re.I))
