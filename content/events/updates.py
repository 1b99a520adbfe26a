"""Telling people when their session changes or is called off.

A change to what a calendar entry holds (time, zone, venue, join link,
attendance mode) raises the session's `calendar_sequence` and emails every
confirmed and waitlisted person what changed. A confirmed seat's email
carries the updated invitation: the same UID, the higher SEQUENCE and
METHOD:REQUEST, so that calendars move the entry they already hold. A place
in the waitlist never had an invitation, so its email carries none, and
never names the join link.

Cancelling a session is a state (`cancelled_at`), not a deletion: its page
stays and says so, the registrations keep their status for the record, and
everyone is emailed, a confirmed seat with a METHOD:CANCEL.

Locking rule: as in content.events.booking, the session row is locked for
the whole change, so a booking made meanwhile waits and then gets an
invitation of the new sequence; the emails are queued in the transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from content.core.links import absolute_url
from content.events.booking import _session_locked
from content.events.emails import registration_email_send
from content.events.models import Registration

Status = Registration.Status
# The people a change or cancellation is told to: they expect to come.
TOLD_STATUSES = [Status.CONFIRMED, Status.WAITLISTED]


@dataclass(frozen=True)
class Change:
    """One thing about a session that changed, as an email names it."""

    what: str
    before: str
    after: str
    # Only a confirmed seat is told of the join link.
    confirmed_only: bool = False


def _when(session):
    return render_to_string("events/email/includes/when.txt", {"session": session}).strip()


def _where(session):
    return "Online" if session.is_online else session.place


def session_changes(*, before, after):
    """Return the Changes between two states of a session that its people must hear of."""
    changes = []
    # Compared as people read them: times to the minute in the session's zone,
    # and an online session's venue is nobody's concern.
    for what, describe in [("When", _when), ("Where", _where)]:
        if describe(before) != describe(after):
            changes.append(Change(what, describe(before), describe(after)))
    if after.is_online and after.join_url and before.join_url != after.join_url:
        changes.append(Change("Join link", before.join_url or "not sent yet", after.join_url, True))
    return changes


def _sequence_raise(session, *fields):
    """Raise the calendar sequence of the locked `session` and save it with `fields`."""
    session.calendar_sequence += 1
    session.save(update_fields=["calendar_sequence", *fields])


def session_change_notify(*, before, session):
    """Tell the confirmed and waitlisted people of `session` what changed since `before`
    (the same session as it was stored); return how many were emailed.

    Nothing is sent for a change no calendar shows, nor once the session has
    ended or was cancelled. A new start time means new reminders.
    """
    changes = session_changes(before=before, after=session)
    if not changes or session.is_cancelled or session.has_ended:
        return 0
    told = 0
    with transaction.atomic():
        locked = _session_locked(session.pk)
        _sequence_raise(locked)
        session.calendar_sequence = locked.calendar_sequence
        registrations = locked.registrations.filter(status__in=TOLD_STATUSES)
        if any(change.what == "When" for change in changes):
            registrations.update(reminded_at=None, reminded_soon_at=None)
        for registration in registrations:
            confirmed = registration.status == Status.CONFIRMED
            told_of = [change for change in changes if confirmed or not change.confirmed_only]
            if not told_of:
                continue
            registration.session = locked
            told += registration_email_send(
                registration=registration,
                email="changed",
                calendar=confirmed,
                extra_context={"changes": told_of},
            )
    return told


class CannotCancel(Exception):
    """The session was cancelled already, or has ended."""


def session_cancel(*, session):
    """Cancel `session` and email its confirmed and waitlisted people; return how many.

    Raise CannotCancel when it was cancelled already or has ended.
    """
    with transaction.atomic():
        locked = _session_locked(session.pk)
        if locked.is_cancelled or locked.has_ended:
            raise CannotCancel
        locked.cancelled_at = timezone.now()
        _sequence_raise(locked, "cancelled_at")
        session.cancelled_at, session.calendar_sequence = (
            locked.cancelled_at,
            locked.calendar_sequence,
        )
        told = 0
        for registration in locked.registrations.filter(status__in=TOLD_STATUSES):
            registration.session = locked
            told += registration_email_send(
                registration=registration,
                email="session_cancelled",
                calendar=registration.status == Status.CONFIRMED,
                extra_context={"sessions_url": absolute_url(reverse("events:list"))},
            )
    return told


def sessions_with_people(sessions):
    """Return those of `sessions` that have not ended and hold confirmed or
    waitlisted people: they are cancelled, never deleted."""
    people = Registration.objects.filter(session=OuterRef("pk"), status__in=TOLD_STATUSES)
    return sessions.filter(Exists(people), ends_at__gte=timezone.now())
