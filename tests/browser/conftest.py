"""Drive Debian's chromium with Playwright against pytest-django's live server.

One browser serves all of them; each test gets a fresh context (its own
cookies and storage) and a page that records console errors, uncaught script
errors and Content-Security-Policy violations.

Where chromium is missing, the tests that need it are skipped with a plain
message. REQUIRE_BROWSER_TESTS=1 (set by .ci/run) turns that skip into a
failure, so CI never passes without running them.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from hub import demo

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
WIDTHS = {"1280": DESKTOP, "390": PHONE}
SCREENSHOTS = Path(__file__).parent / "screenshots"
# Long enough for a slow CI machine, short enough that a missing element fails fast.
TIMEOUT_MS = 10_000


# Package scope: the browser closes when tests/browser is done, and with it the
# asyncio loop that Playwright's sync API keeps on this thread. While that loop
# exists, Django refuses ORM calls from this thread (factories, flushing the
# database after a test) unless DJANGO_ALLOW_ASYNC_UNSAFE is set; the live
# server answers the browser from its own thread, where the guard stays on.
@pytest.fixture(scope="package")
def browser():
    """Return one headless chromium for all browser tests, or skip where there is none."""
    if not CHROMIUM.exists():
        message = (
            f"chromium is not installed at {CHROMIUM}, so the browser tests are skipped "
            "(install it with: apt-get install chromium)"
        )
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"{message}; REQUIRE_BROWSER_TESTS=1 forbids skipping them")
        pytest.skip(message)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


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


@pytest.fixture
def page(browser, live_server):
    """Return a desktop-sized page whose relative URLs go to the live server."""
    page = new_page(browser, live_server.url)
    yield page
    page.context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """Return a page 390 px wide, the size of a phone."""
    page = new_page(browser, live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    yield page
    page.context.close()


@pytest.fixture
def no_script_page(browser, live_server):
    """Return a page with JavaScript switched off."""
    page = new_page(browser, live_server.url, java_script_enabled=False)
    yield page
    page.context.close()


@pytest.fixture
def demo_content(live_server):
    """Load the demo areas, FAQ, assets and sessions into the live server's database."""
    demo.load()
