"""Every public page, at desktop and phone width: axe finds no violation at any
impact level, nothing scrolls sideways, the console stays free of errors and
CSP violations, and a screenshot is saved for review in tests/browser/screenshots/."""

from content.demo import loader
from tests.browser.helpers import WIDTHS, axe, new_page, save_screenshot
from tests.browser.pages import missing_examples, public_pages


def check(page, path):
    """Visit `path` once and look at it at every width; return what is wrong
    with it, as lines of a report."""
    # Ask first, so that a feed or a file is left out rather than downloaded.
    if "text/html" not in page.request.get(path).headers.get("content-type", ""):
        return []
    page.set_viewport_size(WIDTHS["1280"])
    response = page.goto(path)
    problems = [] if response.ok else [f"answered {response.status}"]
    problems += page.problems
    page.problems.clear()
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
            problems.append(f"at {width} px the page is wider than the window and scrolls sideways")
        save_screenshot(page, path, width)
        results = axe.run(page)
        if results.violations_count:
            problems.append(f"at {width} px: {results.generate_report()}")
    return [f"{path}: {problem}" for problem in problems]


def test_every_public_page_is_accessible_and_quiet(browser, live_server, demo_content):
    page = new_page(browser, live_server.url)
    report = [line for path in public_pages() for line in check(page, path)]
    page.context.close()
    assert not report, "\n".join(report)


def test_the_page_list_covers_every_public_page(db):
    loader.load()
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
