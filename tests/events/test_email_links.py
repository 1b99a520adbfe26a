"""Every link a registration's email and calendar file carry leads to SITE_URL.

`make run PORT=9101` once mailed links to port 8000; the links must follow the
configured address, never a default nor the Host the request happened to name.
"""

import re
from urllib.parse import urlsplit

import icalendar
import pytest
from django.core import mail

from content.events.models import Session
from tests.factories import make_session
from tests.helpers import registration_form

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:9101"
# Links that rightly lead elsewhere: the calendar services and the meeting.
ELSEWHERE = {"calendar.google.com", "outlook.live.com", "outlook.office.com", "meet.example.com"}
URL = re.compile(r"https?://[^\s\"'<>]+")


def _hub_links(urls):
    return [url for url in urls if urlsplit(url).hostname not in ELSEWHERE]


def _calendar_urls(ics):
    urls = []
    for component in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        for name in ("URL", "DESCRIPTION", "LOCATION"):
            urls += URL.findall(str(component.get(name, "")))
    return urls


def test_every_hub_link_in_the_confirmation_and_its_calendar_file_is_on_site_url(
    client, sent, settings
):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["hub.example.com"]
    session = make_session(
        attendance=Session.Attendance.ONLINE, join_url="https://meet.example.com/room"
    )
    with sent():
        client.post(session.get_absolute_url(), registration_form(), HTTP_HOST="hub.example.com")
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    (attachment,) = message.attachments
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(URL.match(href) for href in hrefs), hrefs
    parts = {
        "text": URL.findall(message.body),
        "html": URL.findall(html),
        "calendar": _calendar_urls(attachment[1]),
    }
    for part, urls in parts.items():
        urls = _hub_links(urls)
        # The session's page and the manage link, at least.
        assert len(set(urls)) >= 2, part
        for url in urls:
            assert url.startswith(f"{SITE}/"), (part, url)
    everything = message.body + html + attachment[1]
    assert "hub.example.com" not in everything
    assert ":8000" not in everything
