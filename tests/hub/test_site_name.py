"""SITE_NAME names the site wherever the hub names it to a person or a program."""

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
from icalendar import Calendar

from tests.factories import make_asset, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed(settings):
    settings.SITE_NAME = "Acme Partner Hub"
    return settings.SITE_NAME


def test_pages_and_link_previews_carry_the_site_name(client, renamed):
    page = client.get("/").text
    assert f'<meta property="og:site_name" content="{renamed}">' in page
    assert f"<title>Home · {renamed}</title>" in page
    assert f"<h1>{renamed}</h1>" in page
    assert "Technical Hub" not in page


def test_a_session_page_names_the_site_as_organiser(client, renamed):
    session = make_session(title="Phish and chips in Leeds")
    page = client.get(session.get_absolute_url()).text
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data)["organizer"] == {"@type": "Organization", "name": renamed}


def test_calendar_files_and_feeds_carry_the_site_name(client, renamed):
    session = make_session()
    ics = client.get(f"{session.get_absolute_url()}calendar.ics").content
    assert Calendar.from_ical(ics)["PRODID"] == f"-//{renamed}//Phish & Chips//EN"

    make_asset(title="Sync times changed", asset_type="technical-update")
    feed = ElementTree.fromstring(client.get("/feeds/updates.rss").content)
    assert feed.findtext("channel/title") == f"{renamed}: technical updates and blogs"
    search = client.get("/opensearch.xml").text
    assert f"<ShortName>{renamed}</ShortName>" in search


def test_the_admin_names_the_site(client, renamed):
    page = client.get("/admin/login/").text
    assert f"{renamed} administration" in page
    assert f"<title>Log in | {renamed} admin</title>" in page
