from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from content.events.models import Registration
from content.events.tasks import send_session_reminders
from tests.factories import make_registration, make_session

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _session_in(delta, **fields):
    starts = timezone.now() + delta
    return make_session(starts_at=starts, ends_at=starts + timedelta(hours=6), **fields)


def test_reminders_go_to_confirmed_attendees_of_tomorrows_sessions_once(sent):
    tomorrow = _session_in(timedelta(hours=20), title="Tomorrow day")
    seated = make_registration(tomorrow)
    make_registration(tomorrow, status=Status.WAITLISTED)
    make_registration(tomorrow, status=Status.CANCELLED)
    make_registration(_session_in(timedelta(days=3)))
    with sent():
        call_command("send_session_reminders")
    assert [(m.to, m.subject) for m in mail.outbox] == [([seated.email], "Tomorrow: Tomorrow day")]
    assert "/phish-and-chips/manage/" in mail.outbox[0].body
    with sent():
        call_command("send_session_reminders")
        send_session_reminders.enqueue()
    assert mail.outbox == []


def test_the_worker_can_send_reminders_too(sent):
    make_registration(_session_in(timedelta(hours=2)))
    with sent():
        result = send_session_reminders.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_purge_removes_personal_data_after_the_set_days_and_keeps_counts(settings):
    settings.EVENTS_PURGE_AFTER_DAYS = 90
    old = _session_in(-timedelta(days=91))
    recent = _session_in(-timedelta(days=10))
    make_registration(old, name="Ada Lovelace", status=Status.ATTENDED)
    make_registration(old, name="Grace Hopper", status=Status.CANCELLED)
    kept = make_registration(recent, name="Alan Turing")
    call_command("purge_registrations")
    old_rows = Registration.objects.filter(session=old)
    assert sorted(old_rows.values_list("status", flat=True)) == ["attended", "cancelled"]
    assert set(old_rows.values_list("name", "company")) == {("Removed", "")}
    assert not old_rows.filter(email__contains="example.com").exists()
    kept.refresh_from_db()
    assert kept.name == "Alan Turing"
    call_command("purge_registrations", "--days", "5")
    kept.refresh_from_db()
    assert kept.purged_at is not None
