"""What the browser tests share: the browser's settings, pages that record
console problems, moving through a page with the keyboard, reading the emails
sent, and the people who fill in the forms."""

import os
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.core import mail

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
WIDTHS = {"1280": DESKTOP, "390": PHONE, "320": NARROW}
SCREENSHOTS = Path(__file__).parent / "screenshots"
# Long enough for a slow CI machine, short enough that a missing element fails fast.
TIMEOUT_MS = 10_000
# What chromium's console says of a form answered with 400, as refused forms are.
BAD_REQUEST = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


axe = Axe()


def save_screenshot(page, path, width):
    """Save the whole page as tests/browser/screenshots/<path>-<width>.png."""
    stem = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{stem}-{width}.png", full_page=True)


def assert_accessible_at_every_width(page, *, screenshot=None):
    """Fail if axe finds a violation, at any impact level, at desktop or phone
    width; save a screenshot at each width under the name `screenshot`, if given."""
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        if screenshot:
            save_screenshot(page, screenshot, width)
        results = axe.run(page)
        assert results.violations_count == 0, f"at {width} px: {results.generate_report()}"


class ConsoleProblems(list):
    """Console errors, uncaught page errors and CSP violations seen by a page."""

    def watch(self, page):
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.append(f"{page.url}: uncaught {error}"))

    def _on_console(self, message):
        # Chromium reports a CSP violation as a console error too.
        if message.type == "error":
            self.append(f"{message.page.url if message.page else ''}: {message.text}")


def new_page(browser, base_url, viewport=DESKTOP, **context_options):
    """Open a page in a fresh context, with its console problems at `page.problems`."""
    context = browser.new_context(base_url=base_url, viewport=viewport, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.problems = ConsoleProblems()
    page.problems.watch(page)
    return page


def close_page(page):
    """Close the page's context without a last word to the live server, and
    wait until the server has answered every request the page made.

    Leaving a change form says so to the hub (a beacon, static/js/editing.js);
    by then the test database is being emptied, and the in-memory SQLite the
    live server shares with the test refuses to empty a table a request is
    still reading ("database table is locked"): the goodbyes stop at the
    browser, and the test ends only once no request is still running.
    """
    page.context.route("**/editing/", lambda route: route.abort())
    page.goto("about:blank")
    page.context.close()
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while any_request_running() and time.monotonic() < deadline:
        time.sleep(0.01)


def any_request_running():
    """Say whether the live server still runs a request: its threads, one per
    connection, are named after socketserver's process_request_thread."""
    return any(
        "process_request_thread" in thread.name and thread.is_alive()
        for thread in threading.enumerate()
    )


FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) { return null; }
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    // What a screen reader would announce first: a label, else the text or value.
    text: (element.getAttribute("aria-label") || element.labels?.[0]?.textContent
      || element.textContent || element.value || "").trim().replace(/\\s+/g, " ").slice(0, 80),
    focusVisible: element.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    boxShadow: style.boxShadow !== "none",
    inMain: Boolean(element.closest("main")),
  };
}"""


def focused(page):
    """Return what has the keyboard focus: tag, text, and how its focus shows."""
    return page.evaluate(FOCUSED)


def assert_focus_visible(page):
    """Fail unless the focused element shows a focus ring (an outline or a box-shadow)."""
    element = focused(page)
    assert element, "nothing has the focus"
    assert element["focusVisible"] and (element["outline"] or element["boxShadow"]), (
        f"focus is not visible on <{element['tag']}> {element['text']!r}"
    )


def tab_to(page, text, *, most=80, backwards=False):
    """Move the focus with Tab (Shift+Tab when `backwards`) to the element whose
    text contains `text`, a string or a compiled pattern, checking at every stop
    that the focus is visible; fail after `most` presses."""
    pattern = text if isinstance(text, re.Pattern) else re.compile(re.escape(text))
    for _ in range(most):
        element = focused(page)
        # Past the last element the focus leaves the page for the browser's
        # own controls; the next press brings it back to the top.
        if element is not None:
            assert_focus_visible(page)
            if pattern.search(element["text"]):
                return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{most} presses of Tab never reached {text!r}")


def emails_to(address):
    """Return the emails sent so far to `address`, oldest first."""
    return [message for message in mail.outbox if address in message.to]


def link_path(message, word):
    """Return the path and query of the first link in `message` whose URL has `word`.

    Only the path is kept: emails may carry the public site's address, and the
    test follows the link on the live server.
    """
    for url in re.findall(r"https?://[^\s\"'<>]+", message.body):
        if word in url:
            parts = urlsplit(url)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no link with {word!r} in the email {message.subject!r}")


def heading(page):
    """Return the page's one level-1 heading."""
    return page.get_by_role("heading", level=1)


REGISTRATION = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "company": "Analytical Engines Ltd",
    "job_title": "Security engineer",
    "notes": "Vegetarian lunch, please.",
}
ENQUIRY = {
    "name": "Grace Hopper",
    "email": "grace@example.com",
    "company": "Compilers plc",
    "message": "Our digest emails stopped arriving after the LDAP sync changed.",
}


def fill(page, values):
    """Type each value into the main content's field of that name."""
    for name, value in values.items():
        page.locator(f"main [name={name}]").fill(value)


def send_without_browser_checks(form):
    """Send `form` with the browser's own checks (required, type=email) off, so
    that the server's answer is what shows. Its last button sends it (the
    contact form has "Check for answers" before)."""
    form.evaluate("form => { form.noValidate = true; }")
    form.locator("[type=submit]").last.click()


def register(page, session, values):
    """Fill in and send the registration form of `session`."""
    page.goto(session.get_absolute_url())
    fill(page, values)
    page.locator("main [name=consent]").check()
    page.locator("main form").filter(has=page.locator("[name=consent]")).locator(
        "[type=submit]"
    ).click()
