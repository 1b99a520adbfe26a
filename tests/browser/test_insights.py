"""The insights page in a real browser: accessible at desktop and phone widths, charts drawn."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from content.insights.models import Kind
from tests.browser.helpers import WIDTHS, axe
from tests.factories import (
    add_total,
    make_area,
    make_asset,
    make_question,
    make_registration,
    make_session,
)

# Kept in the repository: the page as staff see it, for the issue and the docs.
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def analyst(django_user_model):
    """A content editor holding the insights permission (the live server empties the database)."""
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["view_insights", "view_feedback"])
    )
    user = django_user_model.objects.create_user("analyst", password="correct horse", is_staff=True)
    user.groups.add(group)
    return user


def seed_a_month():
    area = make_area(name="Email Security")
    guide = make_asset(title="Quarantine release guide", area=area)
    answer = make_question(title="Which ports does the gateway use?", area=area)
    for days_ago in range(30):
        add_total(days_ago, Kind.SEARCH, 40 + days_ago % 7 * 5, query="ldap sync")
        add_total(days_ago, Kind.SEARCH, 25 + days_ago % 5, query="quarantine release")
        add_total(days_ago, Kind.SEARCH, 6, query="okta scim", misses=6)
        add_total(
            days_ago, Kind.CLICK, 9, item=guide.pk, query="quarantine release", position_sum=14
        )
        add_total(days_ago, Kind.VIEW, 60 + days_ago, item=guide.pk)
        add_total(days_ago, Kind.VIEW, 35, item=answer.pk)
        add_total(days_ago, Kind.DOWNLOAD, 8, item=guide.pk)
    session = make_session(title="Phish & Chips London", capacity=12)
    for _ in range(9):
        make_registration(session)


def test_the_insights_page_is_accessible_and_draws_its_charts(page, analyst):
    seed_a_month()
    page.goto("/admin/insights/dailytotal/?period=30")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Insights", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Searches per day")).to_be_visible()
    expect(page.get_by_role("img", name="Top queries")).to_be_visible()
    for width in ("1280", "390"):
        page.set_viewport_size(WIDTHS[width])
        if width == "1280":
            SCREENSHOT.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOT / "insights-1280.png", full_page=True)
        results = axe.run(page)
        assert results.violations_count == 0, f"at {width} px: {results.generate_report()}"
        # No sideways scroll of the page itself.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # The numbers open under each chart, and the period can be changed with the keyboard.
    page.get_by_text("The numbers", exact=False).first.click()
    expect(page.get_by_role("table", name="Searches per day")).to_be_visible()
    page.get_by_label("Last 7 days").check()
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"period=7"))
    assert page.problems == []
