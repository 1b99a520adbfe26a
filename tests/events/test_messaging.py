"""Event managers write to a session's people: preview, test to themselves, send once each."""

import pytest
from django.core import mail
from django.urls import reverse

from content.events.messaging import send_session_message, session_message_deliver
from content.events.models import Registration, SessionMessage, SessionMessageDelivery
from content.privacy.models import AccessRecord
from tests.factories import make_registration, make_session

pytestmark = pytest.mark.django_db
Status = Registration.Status
COMPOSE = "/admin/events/sessionmessage/add/"


@pytest.fixture
def manager(client_in_group, django_user_model):
    client = client_in_group("Event managers")
    user_id = client.session["_auth_user_id"]
    django_user_model.objects.filter(pk=user_id).update(email="manager@example.com")
    return client


@pytest.fixture
def session():
    session = make_session(title="Leeds day", capacity=1)
    make_registration(session, name="Ada", email="ada@example.com")
    make_registration(session, name="Grace", email="grace@example.com", status=Status.WAITLISTED)
    make_registration(session, name="Gone", email="gone@example.com", status=Status.CANCELLED)
    return session


def _write(session, **fields):
    return {
        "session": session.pk,
        "audience": ["confirmed", "waitlisted"],
        "subject": "Parking at the venue",
        "body": "Park on **level 2**. <script>alert(1)</script>",
        **fields,
    }


def test_a_preview_shows_the_message_and_how_many_it_reaches_and_sends_nothing(
    manager, session, sent
):
    with sent():
        page = manager.post(COMPOSE, _write(session, _preview="Preview"))
    assert page.status_code == 200
    assert "<strong>level 2</strong>" in page.text
    assert "<script>alert(1)" not in page.text
    assert "It goes to 2 people of Leeds day" in page.text
    # Nobody's name or address is on the page.
    assert "ada@example.com" not in page.text and "Grace" not in page.text
    assert 'value="Parking at the venue"' in page.text
    assert mail.outbox == []
    assert not SessionMessage.objects.exists()


def test_a_test_goes_to_the_manager_alone(manager, session, sent):
    with sent():
        page = manager.post(COMPOSE, _write(session, _test="Send a test to me"))
    assert "A test went to you at manager@example.com" in page.text
    (test,) = mail.outbox
    assert test.to == ["manager@example.com"]
    assert test.subject == "[Test] Parking at the venue"
    assert "Park on **level 2**." in test.body
    assert "<strong>level 2</strong>" in test.alternatives[0].content
    assert not SessionMessage.objects.exists()


def test_sending_emails_each_chosen_person_once_and_logs_it_on_the_session(
    manager, session, sent, settings
):
    settings.SITE_URL = "https://hub.example.com"
    with sent():
        response = manager.post(COMPOSE, _write(session, _send="Send"), follow=True)
    assert "“Parking at the venue” is on its way to 2 person(s)" in response.text
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "grace@example.com"]
    to_ada = next(m for m in mail.outbox if m.to == ["ada@example.com"])
    assert to_ada.subject == "Parking at the venue"
    assert "Dear Ada," in to_ada.body
    assert "https://hub.example.com/phish-and-chips/manage/" in to_ada.body

    # The session's page in the admin is its log: subject, audience, count, no names.
    log = manager.get(reverse("admin:events_session_change", args=[session.pk])).text
    assert "Parking at the venue — to confirmed, waitlisted (2 people)" in log

    # A retried job sends nobody anything again.
    message = SessionMessage.objects.get()
    with sent():
        assert send_session_message.enqueue(message_id=message.pk).return_value == 0
        assert session_message_deliver(message_id=message.pk) == 0
    assert mail.outbox == []
    assert SessionMessageDelivery.objects.filter(message=message).count() == 2


def test_a_job_that_stopped_half_way_sends_only_to_those_left(session, sent):
    message = SessionMessage.objects.create(
        session=session, audience=["confirmed", "waitlisted"], subject="Hello", body="Hi"
    )
    ada = session.registrations.get(name="Ada")
    SessionMessageDelivery.objects.create(message=message, registration=ada)
    with sent():
        assert session_message_deliver(message_id=message.pk) == 1
    assert [m.to for m in mail.outbox] == [["grace@example.com"]]


def test_attended_people_can_be_written_to_alone(manager, sent):
    session = make_session(title="Past day")
    make_registration(session, email="came@example.com", status=Status.ATTENDED)
    make_registration(session, email="seated@example.com")
    with sent():
        manager.post(COMPOSE, _write(session, audience=["attended"], _send="Send"))
    assert [m.to for m in mail.outbox] == [["came@example.com"]]


def test_a_message_without_audience_or_subject_is_refused_and_kept(manager, session, sent):
    with sent():
        page = manager.post(COMPOSE, _write(session, audience=[], subject="", _send="Send"))
    assert page.status_code == 200
    assert page.text.count("This field is required.") == 2
    assert "Park on **level 2**." in page.text
    assert mail.outbox == [] and not SessionMessage.objects.exists()


def test_content_editors_cannot_write_to_attendees(client_in_group, session):
    editor = client_in_group("Content editors")
    assert editor.get(COMPOSE).status_code == 403
    assert editor.post(COMPOSE, _write(session, _send="Send")).status_code == 403
    assert not SessionMessage.objects.exists()
    assert not AccessRecord.objects.exists()
