from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from content.events.calendar import registration_calendar, session_calendar
from tests.factories import make_registration, make_session

pytestmark = pytest.mark.django_db


def _event(ics):
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_invitation_is_in_the_session_time_zone_with_its_vtimezone():
    zone = ZoneInfo("America/New_York")
    session = make_session(
        time_zone="America/New_York",
        starts_at=datetime(2031, 7, 1, 9, 30, tzinfo=zone),
        ends_at=datetime(2031, 7, 1, 16, 30, tzinfo=zone),
    )
    registration = make_registration(session)
    ics = registration_calendar(registration=registration, manage_url="https://hub/manage/x/")
    calendar, event = _event(ics)
    assert calendar["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert b"DTSTART;TZID=America/New_York:20310701T093000" in ics
    assert event.decoded("DTEND") == datetime(2031, 7, 1, 16, 30, tzinfo=zone)
    assert "https://hub/manage/x/" in event["DESCRIPTION"]
    assert str(event["ATTENDEE"]) == f"mailto:{registration.email}"


def test_a_registration_keeps_one_uid_and_its_cancellation_withdraws_it():
    registration = make_registration(make_session())
    request = registration_calendar(registration=registration, manage_url="x")
    again = registration_calendar(registration=registration, manage_url="y")
    cancel = registration_calendar(registration=registration, manage_url="x", cancel=True)
    (_, first), (_, second) = _event(request), _event(again)
    calendar, cancelled = _event(cancel)
    assert first["UID"] == second["UID"] == cancelled["UID"]
    assert str(registration.token) in first["UID"]
    assert calendar["METHOD"] == "CANCEL"
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] > first["SEQUENCE"]


def test_each_registration_has_its_own_uid():
    session = make_session()
    first, second = make_registration(session), make_registration(session)
    uids = {
        _event(registration_calendar(registration=r, manage_url="x"))[1]["UID"]
        for r in (first, second)
    }
    assert len(uids) == 2


def test_public_calendar_publishes_without_attendee():
    calendar, event = _event(session_calendar(session=make_session(city="Leeds")))
    assert calendar["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in event
    assert "Leeds" in event["LOCATION"]
