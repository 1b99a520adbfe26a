from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from content.events.booking import (
    AlreadyRegistered,
    RegistrationClosed,
    SessionFull,
    registration_cancel,
    registration_create,
    registration_forget,
    registration_mark_attended,
    registration_promote,
    waitlist_promote,
)
from content.events.models import Registration
from tests.factories import make_session, new_registration

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _book(session, count, start=0):
    return [
        registration_create(registration=new_registration(session, number))
        for number in range(start, start + count)
    ]


def test_seats_are_confirmed_until_full_then_people_wait_in_order():
    session = make_session(capacity=2)
    first, second, third, fourth = _book(session, 4)
    assert [r.status for r in (first, second)] == [Status.CONFIRMED] * 2
    assert [r.status for r in (third, fourth)] == [Status.WAITLISTED] * 2
    assert (third.waitlist_place(), fourth.waitlist_place()) == (1, 2)
    assert first.waitlist_place() is None


def test_confirmation_and_waitlist_emails_are_sent(sent):
    session = make_session(capacity=1, title="Leeds & York day")
    with sent():
        _book(session, 2)
    assert [m.subject for m in mail.outbox] == [
        "You have a seat: Leeds & York day",
        "You are on the waitlist: Leeds & York day",
    ]
    assert "Leeds & York day" in mail.outbox[0].body
    assert "place 1" in mail.outbox[1].body
    assert mail.outbox[1].attachments == []


def test_a_second_registration_with_the_same_email_is_refused_and_sends_nothing(sent):
    session = make_session()
    with sent():
        _book(session, 1)
    with sent(), pytest.raises(AlreadyRegistered):
        registration_create(registration=new_registration(session, email="PERSON0@Example.COM"))
    assert mail.outbox == []
    assert session.registrations.count() == 1


def test_the_same_email_may_register_again_after_cancelling():
    session = make_session()
    (first,) = _book(session, 1)
    registration_cancel(registration=first)
    again = registration_create(registration=new_registration(session, 0))
    assert again.status == Status.CONFIRMED


@pytest.mark.parametrize(
    "window",
    [
        {"registration_opens_at": timezone.now() + timedelta(days=1)},
        {"registration_closes_at": timezone.now() - timedelta(minutes=1)},
        {"starts_at": timezone.now() - timedelta(hours=1)},
    ],
)
def test_registration_is_refused_outside_the_window(window):
    session = make_session(**window)
    with pytest.raises(RegistrationClosed):
        registration_create(registration=new_registration(session))
    assert not session.registrations.exists()


def test_cancelling_a_seat_promotes_the_oldest_waitlisted_and_emails_both(sent):
    session = make_session(capacity=1, title="Leeds day")
    seated, oldest, younger = _book(session, 3)
    with sent():
        assert registration_cancel(registration=seated) == [oldest]
    oldest.refresh_from_db()
    younger.refresh_from_db()
    assert (oldest.status, younger.status) == (Status.CONFIRMED, Status.WAITLISTED)
    assert younger.waitlist_place() == 1
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        seated.email: "Cancelled: Leeds day",
        oldest.email: "A seat is yours: Leeds day",
    }


def test_cancelling_a_waitlisted_place_promotes_nobody():
    session = make_session(capacity=1)
    _, waiting, later = _book(session, 3)
    registration_cancel(registration=waiting)
    later.refresh_from_db()
    assert later.status == Status.WAITLISTED
    assert registration_cancel(registration=waiting) is None


def test_raising_capacity_promotes_as_many_as_there_are_new_seats():
    session = make_session(capacity=1)
    _, *waiting = _book(session, 4)
    session.capacity = 3
    session.save()
    promoted = waitlist_promote(session=session)
    assert promoted == waiting[:2]
    assert session.registrations.seated().count() == 3


def test_promoting_someone_never_overbooks():
    session = make_session(capacity=1)
    _, waiting = _book(session, 2)
    with pytest.raises(SessionFull):
        registration_promote(registration=waiting)
    session.capacity = 2
    session.save()
    assert registration_promote(registration=waiting)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_attending_keeps_the_seat():
    starts = timezone.now()
    session = make_session(
        capacity=1,
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        registration_closes_at=starts + timedelta(hours=1),
    )
    (seated,) = _book(session, 1)
    assert registration_mark_attended(registration=seated)
    (late,) = _book(session, 1, start=5)
    assert late.status == Status.WAITLISTED
    assert registration_mark_attended(registration=late) is False


def test_forgetting_removes_personal_data_keeps_the_row_and_frees_the_seat(sent):
    session = make_session(capacity=1)
    seated, waiting = _book(session, 2, start=0)
    with sent():
        registration_forget(registration=seated)
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Status.CANCELLED
    assert seated.purged_at is not None
    assert "person0" not in seated.email
    assert (seated.name, seated.company, seated.job_title) == ("Removed", "", "")
    assert waiting.status == Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_the_database_refuses_two_live_registrations_for_one_email():
    session = make_session()
    Registration.objects.create(
        session=session, name="A", email="a@example.com", status=Status.CONFIRMED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=session, name="A", email="A@EXAMPLE.com", status=Status.WAITLISTED
        )
