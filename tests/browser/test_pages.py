"""Every public page, at desktop and phone width: axe finds no violation at any
impact level, nothing scrolls sideways, the console stays free of errors and
CSP violations, and a screenshot is saved for review in tests/browser/screenshots/."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from hub import demo
from tests.browser.helpers import SCREENSHOTS, WIDTHS, new_page
from tests.browser.pages import missing_examples, public_pages

axe = Axe()


def save_screenshot(page, path, width):
    """Save the whole page as tests/browser/screenshots/<path>-<width>.png."""
    stem = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{stem}-{width}.png", full_page=True)


def check(page, path, width):
    """Visit `path`; return what is wrong with it, as lines of a report."""
    # Ask first, so that a feed or a file is left out rather than downloaded.
    if "text/html" not in page.request.get(path).headers.get("content-type", ""):
        return []
    response = page.goto(path)
    problems = [] if response.ok else [f"answered {response.status}"]
    if page.evaluate("document.documentElement.scrollWidth") > int(width):
        problems.append("the page is wider than the window and scrolls sideways")
    save_screenshot(page, path, width)
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
    missing = missing_examples()
    assert not missing, (
        f"These public URLs take arguments and have no example: {', '.join(missing)}. "
        "In tests/browser/pages.py, add one to examples(), or the name to NOT_PAGES "
        "with the reason."
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_not_found_page_is_in_the_site_design_and_accessible(browser, live_server, width):
    page = new_page(browser, live_server.url, viewport=WIDTHS[width])
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    save_screenshot(page, "not-found", width)
    results = axe.run(page)
    page.context.close()
    assert results.violations_count == 0, results.generate_report()
