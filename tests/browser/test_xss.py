"""Known XSS payloads, stored in content and typed into search and the contact
form, never run in a real browser: no dialog opens, the page holds no event
handler or javascript: URL of the payloads' making, and the console shows no
Content-Security-Policy violation (which would mean a script got into the page
and was only stopped by the policy). tests/hub/test_xss.py runs every payload
through every field without a browser; this runs a sample of them in chromium.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import send_without_browser_checks
from tests.factories import make_area, make_asset, make_question, make_session

PAYLOADS = [
    line
    for line in (Path(__file__).parents[1] / "data" / "xss_payloads.txt").read_text().splitlines()
    if line and not line.startswith("# ")
]
# Those that fire without a click: on load, on error, on focus, on toggle.
SAMPLE = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '" autofocus onfocus=alert(1) x="',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '![x](x" onerror="alert(1))',
]

# Everything in the page a browser would run that the hub did not put there:
# an on* attribute, a javascript: or data:text/html URL, a script that is not
# the hub's own (from /static/, or JSON-LD data), a frame, object or base.
LIVE_MARKUP = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (attribute.name.startsWith("on")
          || value.startsWith("javascript:") || value.startsWith("data:text/html")) {
        found.push(element.outerHTML.slice(0, 120));
      }
    }
    const tag = element.tagName.toLowerCase();
    if (["iframe", "frame", "object", "embed", "base"].includes(tag)) {
      found.push(element.outerHTML.slice(0, 120));
    }
    if (tag === "script" && !(element.src.includes("/static/")
        || element.type === "application/ld+json")) {
      found.push(element.outerHTML.slice(0, 120));
    }
  }
  return found;
}"""


@pytest.fixture
def hostile_content(live_server):
    """Publish a question, an asset and a session whose every text field holds payloads."""
    area = make_area(name="Insider Risk", slug="insider-risk")
    body = "\n\n".join(PAYLOADS)
    tags = [f"alert {number} {payload}"[:100] for number, payload in enumerate(SAMPLE[:4])]
    items = [
        make(
            title=f"{SAMPLE[number]} quarantine",
            summary=f"{SAMPLE[-1 - number]} digest",
            body=body,
            area=area,
            tags=tags,
        )
        for number, make in enumerate([make_question, make_asset, make_session])
    ]
    return items


@pytest.fixture
def watched_page(page):
    """Return the page, recording every dialog that opens (and dismissing it)."""
    page.dialogs = []

    def record(dialog):
        page.dialogs.append(f"{page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", record)
    return page


def assert_nothing_ran(page):
    # Let any timer, autofocus or onload handler of a payload have its go.
    page.wait_for_timeout(100)
    live = page.evaluate(LIVE_MARKUP)
    assert live == [], f"{page.url}: live markup {live}"
    assert page.dialogs == []
    csp = [problem for problem in page.problems if "Content Security Policy" in problem]
    assert csp == [], csp
    uncaught = [problem for problem in page.problems if "uncaught" in problem]
    assert uncaught == [], uncaught


def test_payloads_stored_in_content_run_on_no_page(watched_page, hostile_content):
    page = watched_page
    tag = hostile_content[0].tags.first()
    paths = ["/", "/library/", "/faq/", "/phish-and-chips/", "/areas/insider-risk/"]
    paths += [item.get_absolute_url() for item in hostile_content]
    paths += [f"/tags/{tag.slug}/", "/search/?q=alert", "/faq/?q=alert"]
    for path in paths:
        response = page.goto(path)
        assert response.ok, f"{path} answered {response.status}"
        assert_nothing_ran(page)

    # The suggestions under the header search box show the titles too.
    box = page.locator("#site-search-q")
    box.clear()
    box.press_sequentially("quaranti", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    expect(page.get_by_role("option").first).to_contain_text("quarantine")
    assert_nothing_ran(page)


def test_payloads_typed_into_search_run_on_no_page(watched_page):
    page = watched_page
    for payload in [SAMPLE[1], SAMPLE[3], SAMPLE[4], SAMPLE[8]]:
        for search in ["/search/", "/faq/"]:
            page.goto(search)
            box = page.locator("main input[type=search]")
            box.fill(payload)
            box.press("Enter")
            expect(page).to_have_url(re.compile(r"\?q=."))
            expect(box).to_have_value(payload)
            assert_nothing_ran(page)


def test_payloads_typed_into_the_contact_form_are_shown_back_inert(watched_page):
    page = watched_page
    page.goto("/contact/?topic=support")
    fields = {"name": SAMPLE[1], "company": SAMPLE[8], "message": "\n".join(SAMPLE)}
    for name, value in fields.items():
        page.locator(f"main [name={name}]").fill(value)
    page.locator("main [name=email]").fill(SAMPLE[4])
    send_without_browser_checks(page.locator("main form"))

    expect(page.locator("main [name=email]")).to_have_attribute("aria-invalid", "true")
    for name, value in fields.items():
        expect(page.locator(f"main [name={name}]")).to_have_value(value)
    assert_nothing_ran(page)
