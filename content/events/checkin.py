"""Check-in at the door: checking people in, by their code, from the list, or
as walk-ins.

Checking in is content.events.booking.registration_mark_attended: one
conditional update, so two staff scanning the same code at once give one
check-in. A walk-in takes a seat through registration_create, under the
session's lock, and never a place in the waitlist. The codes and the
addresses they carry are in content.events.checkin_codes.
"""

from enum import StrEnum
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Q

from content.events.booking import (
    CHECK_IN_OPENS_BEFORE,
    registration_create,
    registration_mark_attended,
)
from content.events.models import Registration

Status = Registration.Status


class Outcome(StrEnum):
    CHECKED_IN = "checked-in"
    ALREADY = "already"
    NOT_VALID = "not-valid"


class CheckInNotOpen(Exception):
    """The session's check-in has not opened yet."""


def registration_check_in(*, registration):
    """Check `registration` in; return its Outcome, with the registration refreshed."""
    checked_in = registration_mark_attended(registration=registration)
    registration.refresh_from_db(fields=["status", "checked_in_at"])
    if checked_in:
        return Outcome.CHECKED_IN
    if registration.status == Status.ATTENDED:
        return Outcome.ALREADY
    return Outcome.NOT_VALID


def check_in_opens(session):
    """Return when the door opens for `session`, in the session's own zone."""
    return (session.starts_at - CHECK_IN_OPENS_BEFORE).astimezone(ZoneInfo(session.time_zone))


def check_in_refusal(registration):
    """Say why `registration` cannot be checked in (after registration_check_in said NOT_VALID)."""
    if registration.session.is_cancelled:
        return "This session was cancelled: nobody is checked in to it."
    if registration.status == Status.CANCELLED:
        return "This registration was cancelled: it holds no seat."
    if registration.status == Status.WAITLISTED:
        return "This person is on the waitlist: they hold no seat."
    opens = check_in_opens(registration.session)
    return f"Check-in for this session opens at {opens:%H:%M %Z on %-d %B %Y}."


def walk_in_create(*, registration):
    """Register and check in the unsaved `registration` of someone who came without
    booking, while seats remain.

    The booking rules decide, under the session's lock: SessionFull when no seat
    is free (nobody is waitlisted at the door), AlreadyRegistered for an email
    that holds a live registration. Raise CheckInNotOpen, and keep nothing,
    before the door opens. No email is sent: the person is standing there.
    """
    with transaction.atomic():
        registration_create(
            registration=registration, check_window=False, waitlist=False, notify=False
        )
        if not registration_mark_attended(registration=registration):
            raise CheckInNotOpen
    registration.refresh_from_db(fields=["status", "checked_in_at"])
    return registration


def check_in_counts(session):
    """Return the door's counts for `session`: checked in, expected, seats left, waitlisted."""
    counts = session.registrations.aggregate(
        checked_in=Count("pk", filter=Q(status=Status.ATTENDED)),
        expected=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    counts["seats_left"] = max(session.capacity - counts["checked_in"] - counts["expected"], 0)
    return counts
