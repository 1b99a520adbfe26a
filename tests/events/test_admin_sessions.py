"""Event managers edit sessions in the admin: times in the session's own zone,
capacity that fits the seats taken, attendance from the start, honest deletes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from content.events.models import Registration, Session
from tests.factories import make_asset, make_registration, make_session
from tests.helpers import submit_form

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def manager_client(client_in_group):
    return client_in_group("Event managers")


def change_url(session):
    return reverse("admin:events_session_change", args=[session.pk])


def save_session(client, session, **changes):
    """Open the session's change form, change what is given, and save it."""
    return submit_form(
        client, change_url(session), form_with="capacity", changes=changes, follow=True
    )


def test_times_are_taken_in_the_sessions_zone_across_a_daylight_saving_change(
    manager_client, client, settings
):
    # 20 March 2027: New York is on summer time (UTC-4), London still on GMT.
    settings.TIME_ZONE = "Europe/London"
    session = make_session(slug="new-york-day")
    response = save_session(
        manager_client,
        session,
        time_zone="America/New_York",
        starts_at_0="2027-03-20",
        starts_at_1="09:30",
        ends_at_0="2027-03-20",
        ends_at_1="16:00",
    )
    assert response.status_code == 200
    assert "errornote" not in response.text, response.text
    session.refresh_from_db()
    assert session.starts_at == datetime(2027, 3, 20, 13, 30, tzinfo=UTC)
    assert session.ends_at == datetime(2027, 3, 20, 20, 0, tzinfo=UTC)

    page = client.get(session.get_absolute_url()).text
    assert "Saturday 20 March 2027, 09:30–16:00 EDT" in page
    calendar = Calendar.from_ical(
        client.get(f"/phish-and-chips/{session.slug}/calendar.ics").content
    )
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2027, 3, 20, 13, 30, tzinfo=UTC)
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event["dtstart"].to_ical() == b"20270320T093000"


def test_the_form_shows_times_in_the_sessions_zone_and_says_so(manager_client):
    session = make_session(
        time_zone="America/New_York",
        starts_at=datetime(2027, 3, 20, 13, 30, tzinfo=UTC),
        ends_at=datetime(2027, 3, 20, 20, 0, tzinfo=UTC),
    )
    page = manager_client.get(change_url(session)).text
    assert 'name="starts_at_1" value="09:30:00"' in page
    assert 'name="ends_at_1" value="16:00:00"' in page
    assert "In the session's time zone (now America/New_York)" in page
    changelist = manager_client.get(reverse("admin:events_session_changelist")).text
    assert "20 Mar 2027 09:30 EDT (America/New_York)" in changelist


def test_changing_only_the_zone_keeps_the_wall_clock_times(manager_client):
    session = make_session(
        time_zone="America/New_York",
        starts_at=datetime(2027, 3, 20, 13, 30, tzinfo=UTC),
        ends_at=datetime(2027, 3, 20, 20, 0, tzinfo=UTC),
    )
    save_session(manager_client, session, time_zone="Europe/Paris")
    session.refresh_from_db()
    # 09:30 in Paris, on winter time (UTC+1) until 28 March.
    assert session.starts_at == datetime(2027, 3, 20, 8, 30, tzinfo=UTC)
    assert session.ends_at == datetime(2027, 3, 20, 15, 0, tzinfo=UTC)


def test_a_time_the_clocks_skip_is_refused_and_the_form_kept(manager_client):
    session = make_session()
    response = save_session(
        manager_client,
        session,
        title="Spring forward",
        time_zone="America/New_York",
        starts_at_0="2027-03-14",
        starts_at_1="02:30",
        ends_at_0="2027-03-14",
        ends_at_1="09:00",
    )
    assert "02:30 does not exist on 14 March 2027 in America/New_York" in response.text
    assert 'value="Spring forward"' in response.text
    session.refresh_from_db()
    assert session.title != "Spring forward"


def test_capacity_below_the_confirmed_seats_is_refused(manager_client):
    session = make_session(capacity=5)
    for _ in range(3):
        make_registration(session)
    response = save_session(manager_client, session, capacity="2")
    assert "3 seats are confirmed, so the capacity cannot be lower than 3" in response.text
    session.refresh_from_db()
    assert session.capacity == 5
    save_session(manager_client, session, capacity="3")
    session.refresh_from_db()
    assert session.capacity == 3


def test_deleting_a_past_session_names_the_places_held(manager_client):
    # A session people still expect to attend is cancelled, never deleted (test_updates).
    ended = timezone.now() - timedelta(days=2)
    session = make_session(capacity=2, starts_at=ended - timedelta(hours=6), ends_at=ended)
    make_registration(session)
    make_registration(session)
    make_registration(session, status=Status.WAITLISTED)
    make_registration(session, status=Status.CANCELLED)
    delete_url = reverse("admin:events_session_delete", args=[session.pk])
    page = manager_client.get(delete_url).text
    assert "2 people hold seats and 1 person is on the waitlist" in page

    bulk = manager_client.post(
        reverse("admin:events_session_changelist"),
        {"action": "delete_selected", "_selected_action": [session.pk]},
    ).text
    assert "2 people hold seats and 1 person is on the waitlist" in bulk
    assert Session.objects.filter(pk=session.pk).exists()


def test_deleting_a_session_nobody_booked_shows_no_warning(manager_client):
    session = make_session()
    page = manager_client.get(reverse("admin:events_session_delete", args=[session.pk])).text
    assert "hold seats" not in page and "holds a seat" not in page


def _registration_action(client, action, registration):
    return client.post(
        reverse("admin:events_registration_changelist"),
        {"action": action, "_selected_action": [registration.pk]},
        follow=True,
    )


def test_attendance_is_refused_before_the_session_starts(manager_client):
    registration = make_registration(make_session())
    response = _registration_action(manager_client, "mark_attended", registration)
    assert "0 registration(s) marked attended" in response.text
    assert "from two hours before the session&#x27;s start on" in response.text
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_attendance_is_marked_from_the_start_undone_and_both_logged(manager_client):
    starts = timezone.now() - timedelta(minutes=5)
    session = make_session(starts_at=starts, ends_at=starts + timedelta(hours=6))
    registration = make_registration(session)

    response = _registration_action(manager_client, "mark_attended", registration)
    assert "1 registration(s) marked attended" in response.text
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED

    response = _registration_action(manager_client, "unmark_attended", registration)
    assert "1 registration(s) set back to confirmed" in response.text
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED

    history = manager_client.get(
        reverse("admin:events_registration_history", args=[registration.pk])
    ).text
    assert "Marked attended." in history
    assert "Attendance undone: confirmed again." in history
    assert LogEntry.objects.filter(object_id=str(registration.pk)).count() == 2


def test_an_in_person_session_without_venue_names_its_city(client):
    session = make_session(venue="", city="New York")
    page = client.get(session.get_absolute_url()).text
    assert "<dt>Where</dt><dd>New York <a href=" in page  # and its map link
    assert ", New York" not in page


def test_an_in_person_session_without_any_place_says_so(client):
    session = make_session(venue="", city="")
    page = client.get(session.get_absolute_url()).text
    assert "<dt>Where</dt><dd>Venue to be announced</dd>" in page


@pytest.mark.parametrize(
    ("group", "make", "admin_name", "slug", "address"),
    [
        ("Event managers", make_session, "events_session", "past", "/phish-and-chips/past/"),
        ("Content editors", make_asset, "library_asset", "updates", "/library/updates/"),
    ],
)
def test_a_slug_that_would_hide_a_fixed_address_is_refused(
    client_in_group, group, make, admin_name, slug, address
):
    item = make()
    response = submit_form(
        client_in_group(group),
        reverse(f"admin:{admin_name}_change", args=[item.pk]),
        form_with="slug",
        changes={"slug": slug},
    )
    assert response.status_code == 200
    assert f"“{slug}” cannot be used: {address} is already the address of another page" in (
        response.text
    )
    item.refresh_from_db()
    assert item.slug != slug
