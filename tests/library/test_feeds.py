"""Technical updates: a dated list, and RSS 2.0 and Atom feeds, site-wide and per area."""

import re
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from content.core.models import Content
from tests.factories import make_area, make_asset

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://hub.example.com"


@pytest.fixture(autouse=True)
def site_url(settings):
    """Feeds link to the site's public address, whatever Host the request named."""
    settings.SITE_URL = SITE


@pytest.fixture
def updates():
    now = timezone.now().replace(microsecond=0)
    area = make_area(slug="command-centre", name="Command Centre")
    other = make_area(slug="insider-risk")
    return {
        "area": area,
        "older": make_asset(
            title="Older update", asset_type="technical-update", area=area,
            publish_at=now - timedelta(days=5),
        ),
        "newer": make_asset(
            title="Newer blog", asset_type="technical-blog", area=other,
            publish_at=now - timedelta(days=1), summary="Risk & <reward>",
        ),
        "guide": make_asset(title="A guide", asset_type="implementation-guide", area=area),
        "draft": make_asset(
            title="Draft update", asset_type="technical-update", area=area,
            status=Content.Status.DRAFT,
        ),
        "scheduled": make_asset(
            title="Future update", asset_type="technical-update", area=area,
            publish_at=now + timedelta(days=1),
        ),
    }  # fmt: skip


def test_updates_page_lists_updates_and_blogs_newest_first(client, updates):
    response = client.get("/library/updates/")
    assert [item.title for item in response.context["updates"]] == ["Newer blog", "Older update"]
    assert 'href="/feeds/updates.rss"' in response.text
    assert 'type="application/atom+xml"' in response.text


def test_rss_feed_is_well_formed_with_absolute_urls_and_dates(client, updates):
    response = client.get("/feeds/updates.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("link") == f"{SITE}/library/updates/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Newer blog", "Older update"]
    newer = items[0]
    assert newer.findtext("link") == f"{SITE}{updates['newer'].get_absolute_url()}"
    assert newer.findtext("description") == "Risk & <reward>"
    assert parsedate_to_datetime(newer.findtext("pubDate")) == updates["newer"].publish_at
    assert "Technical blog" in [category.text for category in newer.findall("category")]


def test_atom_feed_is_well_formed_with_absolute_urls_and_dates(client, updates):
    response = client.get("/feeds/updates.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newer blog", "Older update"]
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link == f"{SITE}{updates['older'].get_absolute_url()}"
    published = datetime.fromisoformat(entries[1].findtext(f"{ATOM}published"))
    assert published == updates["older"].publish_at
    updated = datetime.fromisoformat(entries[1].findtext(f"{ATOM}updated"))
    assert updated.astimezone(UTC).replace(microsecond=0) == updates["older"].updated.astimezone(
        UTC
    ).replace(microsecond=0)


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/updates.rss",
        "/feeds/updates.atom",
        "/feeds/areas/command-centre.rss",
        "/feeds/areas/command-centre.atom",
    ],
)
def test_every_feed_address_is_on_site_url_whatever_the_host(client, updates, url, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    text = client.get(url, HTTP_HOST="127.0.0.1:9101").text
    addresses = re.findall(r'(?:href="|<link>|<guid[^>]*>|<id>)([^"<]+)', text)
    assert len(addresses) >= 3
    for address in addresses:
        assert address.startswith(f"{SITE}/"), address
    assert "9101" not in text


@pytest.mark.parametrize(
    "url", ["/feeds/areas/command-centre.rss", "/feeds/areas/command-centre.atom"]
)
def test_each_area_has_its_own_feed(client, updates, url):
    text = client.get(url).content.decode()
    assert "Older update" in text
    assert "Command Centre" in text
    for absent in ["Newer blog", "A guide", "Draft update", "Future update"]:
        assert absent not in text


def test_feeds_leave_out_drafts_scheduled_and_other_types(client, updates):
    text = client.get("/feeds/updates.rss").content.decode()
    for absent in ["A guide", "Draft update", "Future update"]:
        assert absent not in text


def test_unknown_area_feed_is_404(client):
    assert client.get("/feeds/areas/nowhere.rss").status_code == 404


def test_area_page_advertises_its_feeds(client, updates):
    text = client.get("/areas/command-centre/").text
    assert 'href="/feeds/areas/command-centre.rss"' in text
    assert 'href="/feeds/areas/command-centre.atom"' in text
