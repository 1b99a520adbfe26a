"""Calendar subscriptions: every upcoming session, or one product area's, kept up to date."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from content.events.updates import session_cancel, session_change_notify
from tests.factories import make_area, make_registration, make_session
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    return calendar, {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_subscription_lists_upcoming_published_sessions(client):
    make_session(title="Next week")
    make_session(title="Draft day", status="draft")
    ended = timezone.now() - timedelta(days=60)
    make_session(title="Long ago", starts_at=ended - timedelta(hours=6), ends_at=ended)
    calendar, events = _events(client.get("/phish-and-chips/calendar.ics"))
    assert set(events) == {"Next week"}
    assert calendar["X-WR-CALNAME"] == "Phish & Chips"
    assert "ATTENDEE" not in events["Next week"]


def test_each_product_area_has_its_own_subscription(client):
    insider = make_area(name="Insider Risk", slug="insider-risk")
    other = make_area()
    make_session(title="Main area", area=insider)
    also = make_session(title="Also covers it", area=other)
    also.areas.add(insider)
    make_session(title="Elsewhere", area=other)
    calendar, events = _events(client.get("/phish-and-chips/calendar/insider-risk.ics"))
    assert set(events) == {"Main area", "Also covers it"}
    assert calendar["X-WR-CALNAME"] == "Phish & Chips: Insider Risk"
    assert client.get("/phish-and-chips/calendar/no-such-area.ics").status_code == 404


def test_a_changed_or_cancelled_session_updates_its_entry(client):
    session = make_session(
        title="Moving day",
        time_zone="Europe/London",
        starts_at=datetime(2031, 6, 10, 8, 30, tzinfo=UTC),
        ends_at=datetime(2031, 6, 10, 15, 0, tzinfo=UTC),
    )
    make_registration(session)
    _, events = _events(client.get("/phish-and-chips/calendar.ics"))
    before = events["Moving day"]
    assert before["SEQUENCE"] == 0

    stored = type(session).objects.get(pk=session.pk)
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    session.save()
    session_change_notify(before=stored, session=session)
    _, events = _events(client.get("/phish-and-chips/calendar.ics"))
    moved = events["Moving day"]
    assert moved["UID"] == before["UID"]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == datetime(2031, 6, 11, 8, 30, tzinfo=UTC)

    session_cancel(session=session)
    _, events = _events(client.get("/phish-and-chips/calendar.ics"))
    cancelled = events["Cancelled: Moving day"]
    assert cancelled["UID"] == before["UID"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 2


def test_the_session_list_links_the_subscriptions_as_webcal(client, settings):
    settings.SITE_URL = "https://hub.example.com"
    make_area(name="Insider Risk", slug="insider-risk")
    page = client.get("/phish-and-chips/").text
    assert 'href="webcal://hub.example.com/phish-and-chips/calendar.ics"' in page
    area_page = client.get("/areas/insider-risk/").text
    assert 'href="webcal://hub.example.com/phish-and-chips/calendar/insider-risk.ics"' in area_page
    filtered = client.get("/phish-and-chips/?area=insider-risk").text
    assert (
        'href="webcal://hub.example.com/phish-and-chips/calendar/insider-risk.ics">'
        "Subscribe: Insider Risk sessions</a>" in filtered
    )


def test_the_subscription_costs_the_same_queries_whatever_the_number_of_sessions(client):
    area = make_area(slug="counted")
    make_session(area=area)
    _, few = get_counting_queries(client, "/phish-and-chips/calendar/counted.ics")
    for _ in range(5):
        make_session(area=area)
    _, many = get_counting_queries(client, "/phish-and-chips/calendar/counted.ics")
    assert many == few <= 3
