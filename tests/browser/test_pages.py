"""Every public page, at desktop and phone width: axe finds no violation at any
impact level, the console stays free of errors and CSP violations, and a
screenshot is saved for review in tests/browser/screenshots/."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from hub import demo
from tests.browser.conftest import SCREENSHOTS, WIDTHS, new_page
from tests.browser.pages import missing_examples, public_pages

axe = Axe()


def screenshot_name(path, width):
    stem = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    return f"{stem}-{width}.png"


def check(page, path, width):
    """Visit `path`; return what is wrong with it, as lines of a report."""
    response = page.goto(path)
    if "text/html" not in response.headers.get("content-type", ""):
        return []
    problems = [] if response.ok else [f"answered {response.status}"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / screenshot_name(path, width), full_page=True)
    results = axe.run(page)
    if results.violations_count:
        problems.append(results.generate_report())
    problems += page.problems
    page.problems.clear()
    return [f"{path} at {width} px: {problem}" for problem in problems]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_is_accessible_and_quiet(browser, live_server, demo_content, width):
    page = new_page(browser, live_server.url, viewport=WIDTHS[width])
    report = [line for path in public_pages() for line in check(page, path, width)]
    page.context.close()
    assert not report, "\n".join(report)


def test_the_page_list_covers_every_public_page(db):
    demo.load()
    paths = public_pages()
    for expected in ["/", "/library/", "/faq/", "/phish-and-chips/", "/contact/"]:
        assert expected in paths
    for prefix in ["/areas/", "/library/", "/faq/", "/phish-and-chips/"]:
        assert any(path.startswith(prefix) and path != prefix for path in paths), prefix
    assert missing_examples() == [], (
        "These public URLs take arguments and have no example in tests/browser/pages.py: "
        "add one to examples(), or the name to NOT_PAGES with the reason."
    )
