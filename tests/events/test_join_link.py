"""An online session's attendees always learn how to join: the link, or when it follows."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content.core.models import Content
from content.events.booking import registration_create
from content.events.links import manage_path
from content.events.models import Session
from tests.events.test_admin_sessions import save_session
from tests.factories import make_registration, make_session, new_registration

pytestmark = pytest.mark.django_db
ONLINE = Session.Attendance.ONLINE
MISSING_LINK = "An online session needs its join link before it is published"


def _online(**fields):
    """Return a published online session on 10 January 2030 whose link follows by the 7th."""
    starts = datetime(2030, 1, 10, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    values = {
        "attendance": ONLINE,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "time_zone": "Europe/London",
        "join_url": "",
        "join_url_due": date(2030, 1, 7),
    }
    return make_session(**(values | fields))


def test_an_online_session_without_join_link_or_date_cannot_go_live(manager_client):
    session = make_session()
    response = save_session(manager_client, session, title="Online now", attendance="online")
    assert MISSING_LINK in response.text
    assert 'value="Online now"' in response.text
    session.refresh_from_db()
    assert session.attendance != ONLINE


def test_a_draft_online_session_may_wait_for_its_link(manager_client):
    session = make_session(status=Content.Status.DRAFT)
    save_session(manager_client, session, attendance="online")
    session.refresh_from_db()
    assert session.attendance == ONLINE


def test_an_online_session_goes_live_with_a_date_its_link_follows_by(manager_client):
    session = make_session()
    due = (session.starts_at - timedelta(days=2)).date()
    response = save_session(
        manager_client, session, attendance="online", join_url_due=due.isoformat()
    )
    assert MISSING_LINK not in response.text
    session.refresh_from_db()
    assert (session.attendance, session.join_url_due) == (ONLINE, due)


def test_the_link_must_follow_before_the_day_of_the_session(manager_client):
    session = make_session()
    response = save_session(
        manager_client,
        session,
        attendance="online",
        join_url_due=session.starts_at.date().isoformat(),
    )
    assert "The join link must follow before the day of the session" in response.text
    session.refresh_from_db()
    assert session.attendance != ONLINE


def test_the_publish_action_refuses_an_online_session_without_a_way_to_join(manager_client):
    session = make_session(
        attendance=ONLINE, join_url="", status=Content.Status.DRAFT, title="Linkless"
    )
    response = manager_client.post(
        reverse("admin:events_session_changelist"),
        {"action": "publish", "_selected_action": [session.pk]},
        follow=True,
    )
    assert f"“Linkless” is left as it was: {MISSING_LINK}" in response.text
    session.refresh_from_db()
    assert session.status == Content.Status.DRAFT


def test_the_session_page_says_when_the_link_follows(client):
    session = _online()
    text = client.get(session.get_absolute_url()).text
    assert "the join link follows by email by Monday 7 January 2030" in text


def test_confirmation_and_calendar_file_say_when_the_link_follows(client, sent):
    session = _online()
    with sent():
        registration = registration_create(registration=new_registration(session))
    (message,) = mail.outbox
    promise = "The join link follows by email by Monday 7 January 2030."
    assert promise in message.body
    assert "the join link follows by email by Monday 7 January 2030" in message.alternatives[0][0]
    (event,) = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert "The join link follows by email by 7 January 2030." in str(event["DESCRIPTION"])
    manage_page = client.get(manage_path(registration)).text
    assert "the join link follows by email by Monday 7 January 2030" in manage_page


def test_the_reminder_waits_for_the_join_link_and_then_carries_it(sent):
    starts = timezone.now() + timedelta(hours=20)
    session = _online(
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        join_url_due=starts.date() - timedelta(days=2),
        title="Online day",
    )
    seated = make_registration(session)
    warnings = StringIO()
    with sent():
        call_command("send_session_reminders", stderr=warnings)
    assert mail.outbox == []
    assert "“Online day” starts within a day and has no join link" in warnings.getvalue()
    session.join_url = "https://meet.example.com/online-day"
    session.save()
    with sent():
        call_command("send_session_reminders")
    (reminder,) = mail.outbox
    assert reminder.to == [seated.email]
    assert "Join here: https://meet.example.com/online-day" in reminder.body
    assert 'href="https://meet.example.com/online-day"' in reminder.alternatives[0][0]


def test_the_demo_online_session_has_its_join_link():
    call_command("load_demo_content")
    online = Session.objects.filter(attendance=ONLINE)
    assert online.exists()
    for session in online:
        session.full_clean()
        assert session.join_url.startswith("https://")
