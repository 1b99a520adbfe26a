"""Every public page answers, shows its content, and hides what is not public."""

import itertools
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from content.core.models import Content
from content.demo import loader
from content.events.links import manage_path
from tests.browser.pages import public_pages
from tests.factories import (
    make_area,
    make_asset,
    make_question,
    make_registration,
    make_session,
)
from tests.helpers import page_query_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    return make_area(name="Insider Risk", slug="insider-risk", tagline="Threats from within.")


def test_home_shows_areas_updates_sessions_questions_and_contact(client, area):
    make_asset(title="Console update", asset_type="technical-update", area=area)
    make_session(title="Phish and Chips Leeds", area=area)
    make_question(title="Which ports are used?")
    response = client.get("/")
    assert response.status_code == 200
    for text in [
        "Insider Risk",
        "Console update",
        "Phish and Chips Leeds",
        "Which ports are used?",
    ]:
        assert text in response.text
    assert "/contact/?topic=support" in response.text
    assert 'class="skip-link"' in response.text
    assert 'role="search"' in response.text


def test_area_page_groups_resources_and_lists_questions_and_sessions(client, area):
    make_asset(title="DLP policy template", asset_type="policy-template", area=area)
    make_asset(title="Leaver playbook", asset_type="response-playbook", area=area)
    make_asset(title="Other area guide", area=make_area())
    make_question(title="Can several policies apply?", area=area)
    make_session(title="Insider day", area=area)
    response = client.get("/areas/insider-risk/")
    assert response.status_code == 200
    assert "Policy template" in response.text
    assert "Response playbook" in response.text
    assert "DLP policy template" in response.text
    assert "Other area guide" not in response.text
    assert "Can several policies apply?" in response.text
    assert "Insider day" in response.text
    assert "/library/?type=policy-template&amp;area=insider-risk" in response.text


def test_unknown_area_is_404(client):
    assert client.get("/areas/nowhere/").status_code == 404


def test_library_lists_published_assets_newest_first(client):
    make_asset(title="Older guide", publish_at=timezone.now() - timedelta(days=3))
    make_asset(title="Newer guide", publish_at=timezone.now() - timedelta(days=1))
    make_asset(title="Draft guide", status=Content.Status.DRAFT)
    response = client.get("/library/")
    assert response.status_code == 200
    assert response.text.index("Newer guide") < response.text.index("Older guide")
    assert "Draft guide" not in response.text


def test_asset_page_shows_body_and_link(client):
    asset = make_asset(
        title="Routing checklist",
        body="Check **port 25**.",
        external_url="https://docs.example.com/routing",
        tags=["smtp"],
    )
    response = client.get(asset.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>port 25</strong>" in response.text
    assert 'href="https://docs.example.com/routing" rel="noopener noreferrer"' in response.text
    assert "smtp" in response.text


def test_faq_groups_questions_by_topic_with_anchors(client):
    make_question(title="Which ports?", topic="Network")
    make_question(title="When does sync run?", topic="Directory synchronisation")
    response = client.get("/faq/")
    assert response.status_code == 200
    assert 'id="network"' in response.text
    assert 'id="directory-synchronisation"' in response.text
    assert "Which ports?" in response.text


def test_question_page_shows_answer(client):
    question = make_question(title="Which ports?", body="SMTP uses port 25.")
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert "SMTP uses port 25." in response.text


def test_sessions_list_shows_upcoming_with_seats_and_place(client):
    session = make_session(title="London day", capacity=3, city="London")
    make_registration(session)
    make_session(
        title="Finished day",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=4),
    )
    response = client.get("/phish-and-chips/")
    assert response.status_code == 200
    assert "London day" in response.text
    assert "2 seats left" in response.text
    assert "London" in response.text
    assert "Finished day" not in response.text


def test_full_session_says_waitlist_open(client):
    session = make_session(title="Full day", capacity=1)
    make_registration(session)
    assert "Waitlist open" in client.get(session.get_absolute_url()).text


def test_session_time_is_shown_in_its_own_time_zone(client):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=5)
    session = make_session(time_zone="America/New_York", starts_at=starts)
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    local = starts.astimezone(ZoneInfo("America/New_York"))
    assert local.strftime("%H:%M") in response.text
    assert local.strftime("%Z") in response.text


def test_session_page_shows_agenda_and_venue(client):
    session = make_session(body="## Lab\n\nHands on.", venue="1 Example Street", city="Leeds")
    response = client.get(session.get_absolute_url())
    assert "Hands on." in response.text
    assert "1 Example Street, Leeds" in response.text


@pytest.mark.parametrize("make", [make_question, make_asset, make_session])
def test_draft_and_scheduled_items_have_no_page(client, make):
    draft = make(status=Content.Status.DRAFT)
    scheduled = make(publish_at=timezone.now() + timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_site_search_finds_only_published_content(client):
    make_question(title="When does synchronisation run?")
    make_question(title="Secret draft synchronisation", status=Content.Status.DRAFT)
    response = client.get("/search/", {"q": "synchronisation"})
    assert response.status_code == 200
    assert "When does synchronisation run?" in response.text
    assert "Secret draft" not in response.text


def test_contact_page_answers(client):
    assert client.get("/contact/").status_code == 200


def test_robots_and_healthz(client):
    assert "Disallow: /admin/" in client.get("/robots.txt").text
    assert client.get("/healthz").json() == {"status": "ok"}


def _fill(count, area):
    for number in range(count):
        tags = [f"tag-{number % 5}", "common"]
        make_question(area=area, tags=tags, topic=f"Topic {number % 3}")
        make_asset(
            area=area, tags=tags, asset_type=["demo-walkthrough", "technical-update"][number % 2]
        )
        session = make_session(area=area, tags=tags)
        make_registration(session)


# Pages whose query string changes what they show; a URL that is not built
# (404) is left out.
PAGES_WITH_QUERIES = [
    "/search/?q=Summary",
    "/api/search?q=Summary",
    "/library/?type=demo-walkthrough",
    "/library/?area=insider-risk",
]
PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def public_routes(patterns=None, prefix=""):
    """Yield the route of every URL pattern outside the admin, e.g. "faq/<slug:slug>/"."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(settings.ADMIN_URL) or route.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            yield from public_routes(entry.url_patterns, route)
        else:
            yield route


# Routes the guard cannot open with a slug or a key, and why; any other route
# it cannot open fails the test, so that new pages are not silently skipped.
UNREACHED_ON_PURPOSE = {
    "library/<slug:slug>/download/",  # a file download, not a page
    "phish-and-chips/manage/<str:signed>/cancel/",  # a confirmation step behind the manage page
    "phish-and-chips/manage/<str:signed>/forget/",  # likewise
    "contact/sent/<str:token>/",  # one fixed query: the enquiry by its signed reference
    "contact/status/<str:signed>/",  # likewise, and kept by no cache
    "preview/<str:kind>/<int:pk>/",  # staff only: a 404 for the public
    "dev/outbox/",  # local development only: a 404 without DEBUG
    "dev/outbox/<str:email_id>/<int:number>/",  # likewise
    "favicon.ico",  # a redirect to the icon, no query
    # Check-in at the door: staff only (a sign-in redirect for the public), or a QR image.
    "phish-and-chips/<slug:slug>/check-in/",
    "phish-and-chips/<slug:slug>/check-in/counts.json",
    "phish-and-chips/check-in/<str:signed>/",
    "phish-and-chips/check-in/<str:signed>/code.png",
    # After the day: one attended person's signed pages and files, kept by no cache.
    "phish-and-chips/manage/<str:signed>/certificate.pdf",
    "phish-and-chips/after/<str:signed>/",
    "phish-and-chips/after/<str:signed>/slides/",
    "phish-and-chips/certificates/<str:signed>/",
    "images/<int:pk>/<int:width>.<str:extension>",  # an image file: one fixed query
    # Accounts: redirects for anonymous visitors, or steps of a sign-in under way.
    "account/",
    "account/login/",
    "account/signup/",
    "account/sign-in/code/",
    "account/sign-out/",
    "account/sign-out-everywhere/",
    "account/delete/",
    "account/deleted/",
    "account/second-factor/",
    "account/sso/signup/",
    "account/sso/error/",
    "account/sso/cancelled/",
    "account/sso/oidc/^(?P<provider_id>[^/]+)/login/",
    "account/sso/oidc/^(?P<provider_id>[^/]+)/login/callback/",
    "search/go/",  # a redirect to a search result that counts the click, no query
}


def discover_pages(client, values):
    """Return the public pages that answer 200, filling each placeholder with
    the first of `values` that works, and the routes no value opened (those
    unreached on purpose are not tried: with several placeholders, trying
    every combination of values costs thousands of requests)."""
    pages, unreached = [], []
    for route in public_routes():
        if route in UNREACHED_ON_PURPOSE:
            continue
        names = PLACEHOLDER.findall(route)
        for combination in itertools.product(values, repeat=len(names)):
            url = "/" + PLACEHOLDER.sub("{}", route).format(*combination)
            if client.get(url).status_code == 200:
                pages.append(url)
                break
        else:
            unreached.append(route)
    pages += [url for url in PAGES_WITH_QUERIES if client.get(url).status_code == 200]
    return pages, unreached


def test_no_public_page_runs_more_queries_as_content_grows(client, area):
    _fill(3, area)
    items = [
        make_asset(area=area, tags=["x"]),
        make_question(area=area, tags=["x"]),
        make_session(area=area, tags=["x"]),
    ]
    signed = manage_path(make_registration(items[2])).strip("/").split("/")[-1]
    values = [area.slug, *(i.slug for i in items), "x", area.pk, *(i.pk for i in items), signed]
    pages, unreached = discover_pages(client, values)
    assert unreached == [], unreached
    expected = ["/", "/areas/insider-risk/", "/library/", "/faq/", "/phish-and-chips/"]
    assert set(expected + [item.get_absolute_url() for item in items]) <= set(pages)
    small = {url: page_query_count(client, url) for url in pages}
    _fill(27, area)
    large = {url: page_query_count(client, url) for url in pages}
    assert large == small
    assert max(small.values()) <= 10, {url: count for url, count in small.items() if count > 10}


# HTML's global date and time string: seconds with at most three decimals, and
# an offset or Z. Anything else (such as Python's six-digit microseconds) is invalid.
HTML_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})")


def test_every_time_element_on_every_public_page_is_valid_html(client):
    loader.load()
    seen = 0
    for path in public_pages():
        response = client.get(path)
        for value in re.findall(r'<time datetime="([^"]*)"', response.text):
            seen += 1
            assert HTML_DATETIME.fullmatch(value), f"{path}: <time datetime={value!r}>"
    assert seen >= 5
