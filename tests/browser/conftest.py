"""Drive Debian's chromium with Playwright against pytest-django's live server.

One browser serves all the tests here; each test gets a fresh context (its own
cookies and storage) and a page that records console errors, uncaught script
errors and Content-Security-Policy violations.

Where chromium is missing, the tests that need it are skipped with a plain
message. REQUIRE_BROWSER_TESTS=1 (set by .ci/run) turns that skip into a
failure, so CI never passes without running them.
"""

import io
import os
import zipfile

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import sync_playwright

from content.demo import loader
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, PHONE, close_page, new_page
from tests.factories import make_area, make_asset


def chromium_missing_message():
    return (
        f"chromium is not installed at {CHROMIUM}, so the browser tests are skipped "
        "(install it with: apt-get install chromium)"
    )


def pytest_terminal_summary(terminalreporter):
    """Say once, at the end of the run, that the browser tests did not run."""
    if not CHROMIUM.exists():
        terminalreporter.write_sep("!", chromium_missing_message(), yellow=True)


# Package scope: the browser closes when tests/browser is done, and with it the
# asyncio loop that Playwright's sync API keeps on this thread. While that loop
# exists, Django refuses ORM calls from this thread (factories, flushing the
# database after a test) unless DJANGO_ALLOW_ASYNC_UNSAFE is set; the live
# server answers the browser from its own thread, where the guard stays on.
@pytest.fixture(scope="package")
def browser():
    """Return one headless chromium for all browser tests, or skip where there is none."""
    if not CHROMIUM.exists():
        message = chromium_missing_message()
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


@pytest.fixture(autouse=True)
def site_url_of_live_server(live_server, settings):
    """Point SITE_URL, where absolute links (the search API's too) start, at the live server."""
    settings.SITE_URL = live_server.url


@pytest.fixture
def page(browser, live_server):
    """Return a desktop-sized page whose relative URLs go to the live server."""
    page = new_page(browser, live_server.url)
    yield page
    close_page(page)


@pytest.fixture
def phone_page(browser, live_server):
    """Return a page 390 px wide, the size of a phone."""
    page = new_page(browser, live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    yield page
    close_page(page)


@pytest.fixture
def no_script_page(browser, live_server):
    """Return a page with JavaScript switched off."""
    page = new_page(browser, live_server.url, java_script_enabled=False)
    yield page
    close_page(page)


@pytest.fixture
def demo_content(live_server):
    """Load the demo areas, FAQ, assets and sessions into the live server's database."""
    loader.load()


@pytest.fixture
def downloadable_asset(live_server, settings, tmp_path):
    """Publish a playbook with a file to download, in the Insider Risk area."""
    settings.MEDIA_ROOT = tmp_path
    area = make_area(name="Insider Risk", slug="insider-risk", tagline="Threats from within.")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as files:
        files.writestr("playbook.md", "# Leaver response playbook\n")
    return make_asset(
        title="Leaver response playbook",
        asset_type="response-playbook",
        area=area,
        file=ContentFile(archive.getvalue(), name="leaver-playbook.zip"),
    )
