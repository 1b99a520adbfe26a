"""A session that moves, changes or is called off tells its people and their calendars."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from content.events.booking import registration_cancel
from content.events.links import manage_path
from content.events.models import Registration, Session
from tests.factories import make_registration, make_session
from tests.helpers import submit_form

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def manager_client(client_in_group):
    return client_in_group("Event managers")


def save_session(client, session, **changes):
    return submit_form(
        client,
        reverse("admin:events_session_change", args=[session.pk]),
        form_with="capacity",
        changes=changes,
        follow=True,
    )


def invitation(message):
    """Return the calendar and the one event of the .ics attached to `message`."""
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics")
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event, mimetype


def _london_session(**fields):
    return make_session(
        title="Leeds day",
        time_zone="Europe/London",
        starts_at=datetime(2031, 6, 10, 8, 30, tzinfo=UTC),
        ends_at=datetime(2031, 6, 10, 15, 0, tzinfo=UTC),
        **fields,
    )


def test_a_new_time_emails_everyone_what_changed_and_moves_the_calendar_entry(
    manager_client, sent, settings
):
    settings.SITE_URL = "https://hub.example.com"
    session = _london_session()
    seated = make_registration(session, name="Ada")
    waiting = make_registration(session, name="Grace", status=Status.WAITLISTED)
    make_registration(session, status=Status.CANCELLED)
    first_uid = Calendar.from_ical(
        manager_client.get(manage_path(seated) + "calendar.ics").content
    ).walk("VEVENT")[0]["UID"]

    with sent():
        response = save_session(
            manager_client,
            session,
            starts_at_0="2031-06-17",
            starts_at_1="10:00",
            ends_at_0="2031-06-17",
            ends_at_1="16:30",
        )
    assert "2 person(s) were emailed what changed" in response.text
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {seated.email, waiting.email}

    to_seated = by_address[seated.email]
    assert to_seated.subject == "Changed: Leeds day"
    assert "When: now Tuesday 17 June 2031, 10:00–16:30 BST (Europe/London)" in to_seated.body
    assert "(was Tuesday 10 June 2031, 09:30–16:00 BST (Europe/London))" in to_seated.body
    assert "https://hub.example.com/phish-and-chips/manage/" in to_seated.body
    calendar, event, mimetype = invitation(to_seated)
    assert mimetype == "text/calendar; method=REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == first_uid
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime(2031, 6, 17, 9, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTEND") == datetime(2031, 6, 17, 15, 30, tzinfo=UTC)

    # A place in the waitlist never had a calendar entry: none is sent.
    to_waiting = by_address[waiting.email]
    assert to_waiting.attachments == []
    assert "You are still on the waitlist, number 1" in to_waiting.body

    # The next change goes higher still.
    with sent():
        save_session(manager_client, session, venue="2 Other Road")
    _, event, _ = invitation(next(m for m in mail.outbox if m.to == [seated.email]))
    assert event["SEQUENCE"] == 2
    assert "Where: now 2 Other Road, London" in mail.outbox[0].body


def test_a_change_no_calendar_shows_emails_nobody(manager_client, sent):
    session = _london_session()
    make_registration(session)
    with sent():
        save_session(manager_client, session, title="A better title", capacity="20")
    assert mail.outbox == []
    session.refresh_from_db()
    assert session.calendar_sequence == 0


def test_a_new_join_link_goes_to_confirmed_seats_only(manager_client, sent):
    session = _london_session(
        attendance=Session.Attendance.ONLINE, join_url="https://meet.example.com/old"
    )
    seated = make_registration(session)
    make_registration(session, status=Status.WAITLISTED)
    with sent():
        save_session(manager_client, session, join_url="https://meet.example.com/new")
    assert [m.to for m in mail.outbox] == [[seated.email]]
    body = mail.outbox[0].body
    assert "Join link: now https://meet.example.com/new" in body
    _, event, _ = invitation(mail.outbox[0])
    assert event["LOCATION"] == "https://meet.example.com/new"


def test_moving_online_tells_the_waitlist_without_the_join_link(manager_client, sent):
    session = _london_session()
    make_registration(session)
    waiting = make_registration(session, status=Status.WAITLISTED)
    with sent():
        save_session(
            manager_client,
            session,
            attendance="online",
            join_url="https://meet.example.com/secret",
        )
    to_waiting = next(m for m in mail.outbox if m.to == [waiting.email])
    assert "Where: now Online" in to_waiting.body
    assert "meet.example.com" not in to_waiting.body


def test_a_new_start_time_means_new_reminders(manager_client, sent):
    session = _london_session()
    registration = make_registration(session, reminded_at=datetime(2031, 6, 9, tzinfo=UTC))
    with sent():
        save_session(manager_client, session, starts_at_1="10:00")
    registration.refresh_from_db()
    assert registration.reminded_at is None


def _cancel(client, session, **data):
    return client.post(
        reverse("admin:events_session_changelist"),
        {"action": "cancel_sessions", "_selected_action": [session.pk], **data},
        follow=True,
    )


def test_cancelling_asks_first_then_emails_a_cancel_and_keeps_the_page(
    manager_client, client, sent
):
    session = _london_session(capacity=1)
    seated = make_registration(session)
    waiting = make_registration(session, status=Status.WAITLISTED)

    question = _cancel(manager_client, session)
    assert "1 person holds a seat and 1 person is on the waitlist" in question.text
    session.refresh_from_db()
    assert not session.is_cancelled

    with sent():
        done = _cancel(manager_client, session, confirm="yes")
    assert "1 session(s) cancelled" in done.text
    session.refresh_from_db()
    assert session.is_cancelled
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {seated.email, waiting.email}
    assert by_address[seated.email].subject == "Cancelled: Leeds day"
    calendar, event, mimetype = invitation(by_address[seated.email])
    assert mimetype == "text/calendar; method=CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert str(seated.token) in event["UID"]
    assert event["SEQUENCE"] > 0
    assert by_address[waiting.email].attachments == []
    # The registrations keep their status: the record of who was coming.
    seated.refresh_from_db()
    assert seated.status == Status.CONFIRMED

    page = client.get(session.get_absolute_url())
    assert page.status_code == 200
    assert "This session was cancelled." in page.text
    assert 'id="id_email"' not in page.text
    assert "https://schema.org/EventCancelled" in page.text

    # Nobody moves up from the waitlist of a cancelled session, nor registers.
    assert not Session.objects.get(pk=session.pk).registration_is_open

    # The person's manage page says so, and its calendar file withdraws the entry.
    manage = client.get(manage_path(seated))
    assert "This session was cancelled." in manage.text
    assert "Cancel my registration" not in manage.text
    withdrawn = Calendar.from_ical(client.get(manage_path(seated) + "calendar.ics").content)
    assert withdrawn["METHOD"] == "CANCEL"

    with sent():
        assert registration_cancel(registration=seated) == []
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_deleting_a_session_people_expect_to_attend_is_refused_with_a_pointer_to_cancelling(
    manager_client,
):
    session = _london_session()
    make_registration(session, status=Status.WAITLISTED)
    delete_url = reverse("admin:events_session_delete", args=[session.pk])
    for response in (
        manager_client.post(delete_url, {"post": "yes"}, follow=True),
        manager_client.post(
            reverse("admin:events_session_changelist"),
            {"action": "delete_selected", "_selected_action": [session.pk], "post": "yes"},
            follow=True,
        ),
    ):
        assert "Not deleted: “Leeds day” still has confirmed or waitlisted people" in (
            response.text
        )
        assert "Cancel instead" in response.text
        assert Session.objects.filter(pk=session.pk).exists()


def test_a_session_whose_people_all_cancelled_can_be_deleted(manager_client):
    session = _london_session()
    make_registration(session, status=Status.CANCELLED)
    manager_client.post(reverse("admin:events_session_delete", args=[session.pk]), {"post": "yes"})
    assert not Session.objects.filter(pk=session.pk).exists()
