"""Reminders: the day before for everyone, the hour before for online sessions, each once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from content.events.booking import session_reminders_send
from content.events.models import Registration, Session
from content.events.tasks import send_session_reminders
from tests.factories import make_registration, make_session

pytestmark = pytest.mark.django_db
Status = Registration.Status
JOIN = "https://meet.example.com/phish-and-chips"


def _online_in(delta, **fields):
    starts = timezone.now() + delta
    values = {"attendance": Session.Attendance.ONLINE, "join_url": JOIN, "title": "Online day"}
    return make_session(starts_at=starts, ends_at=starts + timedelta(hours=3), **values | fields)


def test_an_online_session_reminds_the_day_before_and_the_hour_before_each_once(sent):
    session = _online_in(timedelta(hours=20))
    seated = make_registration(session)
    make_registration(session, status=Status.WAITLISTED)

    with sent():
        call_command("send_session_reminders")
    assert [(m.to, m.subject) for m in mail.outbox] == [([seated.email], "Tomorrow: Online day")]

    # The day goes by; less than an hour to go.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + timedelta(minutes=50),
        ends_at=timezone.now() + timedelta(hours=3),
    )
    with sent():
        call_command("send_session_reminders")
        call_command("send_session_reminders")
        send_session_reminders.enqueue()
    assert [(m.to, m.subject) for m in mail.outbox] == [([seated.email], "In an hour: Online day")]
    soon = mail.outbox[0]
    assert f"Join here when it starts:\n{JOIN}" in soon.body
    assert JOIN in soon.alternatives[0].content
    seated.refresh_from_db()
    assert seated.reminded_soon_at is not None


def test_someone_who_booked_within_the_hour_gets_one_reminder_not_two(sent):
    seated = make_registration(_online_in(timedelta(minutes=40)))
    with sent():
        assert session_reminders_send() == 1
        assert session_reminders_send() == 0
    assert [m.subject for m in mail.outbox] == ["In an hour: Online day"]
    seated.refresh_from_db()
    assert seated.reminded_at is not None


def test_an_in_person_session_gets_no_hour_before_reminder(sent):
    starts = timezone.now() + timedelta(minutes=30)
    registration = make_registration(
        make_session(starts_at=starts, ends_at=starts + timedelta(hours=6), title="Leeds day"),
        reminded_at=timezone.now() - timedelta(hours=20),
    )
    with sent():
        call_command("send_session_reminders")
    assert mail.outbox == []
    registration.refresh_from_db()
    assert registration.reminded_soon_at is None


def test_a_cancelled_session_reminds_nobody(sent):
    session = _online_in(timedelta(minutes=30), cancelled_at=timezone.now())
    make_registration(session)
    with sent():
        call_command("send_session_reminders")
    assert mail.outbox == []
