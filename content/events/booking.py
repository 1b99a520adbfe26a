"""The booking rules: who gets a seat, who waits, and what happens on a change.

Locking rule. Every change that can take or free a seat runs inside one
transaction that first locks the session's row, then counts, then writes:

- PostgreSQL: `select_for_update()` on the session; a second booking for the
  same session waits at that line until the first one commits.
- SQLite: the settings make every transaction IMMEDIATE, so the write lock of
  the whole database is taken at BEGIN and bookings queue there;
  `select_for_update()` is a no-op.

So the count a decision is based on cannot change before the write lands.
Never check capacity (or an existing registration) outside that transaction
and insert afterwards: two people at once would both see the last seat. The
unique constraint on session + lower(email) stays as the last line of
defence for live registrations.

Emails are queued with the transaction (content.core.mail) and leave only
once it commits.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from content.core.models import Counter
from content.core.ratelimit import network_of
from content.events.emails import registration_email_send
from content.events.models import Registration, Session

Status = Registration.Status


class RegistrationClosed(Exception):
    """The session does not take registrations now."""


class AlreadyRegistered(Exception):
    """The email already holds a live registration for the session."""

    def __init__(self, registration: Registration) -> None:
        super().__init__("This email address is already registered for this session.")
        self.registration = registration


class SessionFull(Exception):
    """No seat is free to give to someone from the waitlist."""


def _session_locked(session_id: int) -> Session:
    """Return the session, its row locked until the transaction ends."""
    return Session.objects.select_for_update().get(pk=session_id)


def _free_seats(session: Session) -> int:
    return max(session.capacity - session.registrations.seated().count(), 0)


def registration_create(
    *,
    registration: Registration,
    check_window: bool = True,
    waitlist: bool = True,
    notify: bool = True,
) -> Registration:
    """Save the unsaved `registration` as confirmed, or waitlisted when full.

    Raise RegistrationClosed outside the registration window (unless
    `check_window` is False, as for staff) or for a cancelled session, and
    AlreadyRegistered when the email holds a live registration; nothing is
    sent then. With `waitlist=False` (a walk-in at the door) a full session
    raises SessionFull instead of waitlisting. The registration's `emailed`
    says whether its email was queued (see registration_email_send);
    `notify=False` queues none.
    """
    with transaction.atomic():
        session = _session_locked(registration.session_id)
        if session.is_cancelled or (check_window and not session.registration_is_open):
            raise RegistrationClosed
        existing = session.registrations.live().with_email(registration.email).first()
        if existing:
            raise AlreadyRegistered(existing)
        free = _free_seats(session)
        if not free and not waitlist:
            raise SessionFull
        registration.session = session
        registration.status = Status.CONFIRMED if free else Status.WAITLISTED
        registration.save()
        registration.emailed = notify and registration_email_send(
            registration=registration, email=str(registration.status)
        )
    return registration


def registration_network_take(*, session: Session, ip: str) -> bool:
    """Count one registration for `session` from the network of `ip`; return False once
    that network has made EVENTS_REGISTRATIONS_PER_NETWORK, so that it cannot fill the session.

    The count lives until the session ends. RATELIMIT_ENABLE=0 lifts the bound, as it
    lifts the rate limits.
    """
    if not settings.RATELIMIT_ENABLE:
        return True
    remaining = max(int((session.ends_at - timezone.now()).total_seconds()), 0)
    key = f"registrations:{session.pk}:{network_of(ip)}"
    count = Counter.objects.increment(key, remaining + 60)
    return count <= settings.EVENTS_REGISTRATIONS_PER_NETWORK


def waitlist_promote(*, session: Session) -> list[Registration]:
    """Give every free seat of `session` to the waitlist, oldest first; return who moved up.

    Once the session has ended, or was cancelled, a seat is no use to anyone:
    nobody moves up.
    """
    with transaction.atomic():
        session = _session_locked(session.pk)
        if session.has_ended or session.is_cancelled:
            return []
        promoted = list(session.registrations.waitlisted()[: _free_seats(session)])
        for registration in promoted:
            registration.session = session
            registration.status = Status.CONFIRMED
            registration.save(update_fields=["status", "updated"])
            registration_email_send(registration=registration, email="promoted")
    return promoted


# The account the admin's History names for what the hub did on its own, such
# as a promotion set off by an attendee cancelling through their link. It
# cannot sign in: it is inactive and has no usable password.
HUB_ACCOUNT = "technical-hub"


def promotions_record(
    promoted: Sequence[Registration], *, reason: str, user: AbstractBaseUser | None = None
) -> None:
    """Write each promotion into the promoted person's History in the admin.

    `user` is the member of staff whose action freed the seat; without one,
    the entry names the hub's own account.
    """
    if not promoted:
        return
    if user is None:
        user, created = get_user_model().objects.get_or_create(
            username=HUB_ACCOUNT, defaults={"is_active": False}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    LogEntry.objects.log_actions(
        user.pk, promoted, CHANGE, f"Promoted from the waitlist: {reason}."
    )


def registration_promote(*, registration: Registration) -> bool:
    """Give `registration`, from the waitlist, a free seat; return False if it is not
    waitlisted or its session was cancelled.

    Raise SessionFull when no seat is free: promoting never overbooks.
    """
    with transaction.atomic():
        session = _session_locked(registration.session_id)
        registration.refresh_from_db()
        if registration.status != Status.WAITLISTED or session.is_cancelled:
            return False
        if not _free_seats(session):
            raise SessionFull
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "updated"])
        registration_email_send(registration=registration, email="promoted")
    return True


def registration_cancel(
    *, registration: Registration, notify: bool = True
) -> list[Registration] | None:
    """Cancel `registration` and give a freed seat to the waitlist.

    Return who moved up from the waitlist (often nobody: an empty list), or
    None when there was nothing to cancel (already cancelled, or attended).
    `notify=False` sends the person no receipt.
    """
    with transaction.atomic():
        session = _session_locked(registration.session_id)
        registration.refresh_from_db()
        if registration.status not in (Status.CONFIRMED, Status.WAITLISTED):
            return None
        had_seat = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status", "updated"])
        if notify:
            registration_email_send(registration=registration, email="cancelled", calendar=had_seat)
        return waitlist_promote(session=session) if had_seat else []


# People arrive before the start: the door opens this long before it.
CHECK_IN_OPENS_BEFORE = timedelta(hours=2)


def registration_mark_attended(*, registration: Registration) -> bool:
    """Record that a confirmed person came (checked in now); return False for any
    other status, for a cancelled session, and before check-in opens
    (CHECK_IN_OPENS_BEFORE the start).

    Attending keeps the seat, so no lock is needed: the counts do not change.
    The update is conditional on the status, so of two staff checking the same
    person in at once exactly one changes the row (PostgreSQL re-reads the
    condition after waiting for the other's row lock; SQLite writes one at a
    time) and the other is told the person was already checked in. The
    condition names columns of the row alone: a condition through the session
    would become a subquery, which PostgreSQL does not re-read, and both would
    win (tests/events/test_checkin_concurrency.py).
    """
    starts_at, cancelled_at = Session.objects.values_list("starts_at", "cancelled_at").get(
        pk=registration.session_id
    )
    if cancelled_at is not None or timezone.now() + CHECK_IN_OPENS_BEFORE < starts_at:
        return False
    updated = Registration.objects.filter(pk=registration.pk, status=Status.CONFIRMED).update(
        status=Status.ATTENDED, checked_in_at=timezone.now(), updated=timezone.now()
    )
    return bool(updated)


def registration_unmark_attended(*, registration: Registration) -> bool:
    """Undo registration_mark_attended(): the person holds a confirmed seat again.

    Both statuses hold a seat, so no lock is needed either; return False
    unless the registration was marked attended.
    """
    updated = Registration.objects.filter(pk=registration.pk, status=Status.ATTENDED).update(
        status=Status.CONFIRMED, checked_in_at=None, updated=timezone.now()
    )
    return bool(updated)


def _personal_data_remove(registration: Registration) -> None:
    registration.name = "Removed"
    registration.email = f"{registration.token.hex}@removed.invalid"
    registration.company = ""
    registration.job_title = ""
    registration.notes = ""
    registration.consent = False
    registration.purged_at = timezone.now()
    registration.save()


def registration_forget(*, registration: Registration) -> list[Registration]:
    """Cancel a live registration without a receipt and remove its personal data;
    return who moved up from the waitlist.

    The row stays, without anything that names the person, so that the
    session's counts stay right.
    """
    with transaction.atomic():
        promoted = registration_cancel(registration=registration, notify=False)
        registration.refresh_from_db()
        _personal_data_remove(registration)
    return promoted or []


def person_forget(*, email: str) -> int:
    """Remove the personal data of every registration made with `email`; return how many.

    Registrations for sessions still to come are cancelled first (a freed
    seat goes to the waitlist); those of past sessions keep their status, so
    that the counts stay right, as the purge leaves them.
    """
    count = 0
    registrations = Registration.objects.with_email(email).filter(purged_at=None)
    for registration in registrations.select_related("session"):
        if registration.session.ends_at > timezone.now():
            registration_forget(registration=registration)
        else:
            _personal_data_remove(registration)
        count += 1
    return count


def registrations_purge(*, days: int) -> int:
    """Remove personal data of registrations for sessions that ended `days` ago; return how many."""
    cutoff = timezone.now() - timedelta(days=days)
    registrations = Registration.objects.filter(session__ends_at__lt=cutoff, purged_at=None)
    count = 0
    for registration in registrations.iterator():
        _personal_data_remove(registration)
        count += 1
    return count


# Reminders go to attendees of sessions that start within this time.
REMINDER_WINDOW = timedelta(days=1)
# Online sessions get a second reminder this long before they start, with the join link.
SOON_WINDOW = timedelta(hours=1)


def session_reminders_send(
    *, within: timedelta = REMINDER_WINDOW, soon: timedelta = SOON_WINDOW
) -> int:
    """Email confirmed attendees of published sessions starting within `within`, and
    those of online sessions starting within `soon` again; return how many.

    Each reminder is claimed with a conditional update before it is queued, in
    one transaction with it, so cron and a worker running this at once never
    send one twice. An online session's reminders wait for its join link: they
    are what carries it. Someone who booked within the last hour before an
    online session gets the hour-before reminder alone. A cancelled session
    reminds nobody; a session that moves is reminded of again (content.events.updates).
    """
    now = timezone.now()
    # Attendees already reached: whoever the session is for.
    sessions = Session.objects.live().not_cancelled().joinable()
    confirmed = Registration.objects.filter(status=Status.CONFIRMED).select_related("session")
    online_soon = sessions.starting_within(soon).filter(attendance=Session.Attendance.ONLINE)
    sent = _reminders_send(
        confirmed.filter(session__in=online_soon, reminded_soon_at=None),
        claimed_by="reminded_soon_at",
        claim={"reminded_soon_at": now, "reminded_at": Coalesce("reminded_at", Value(now))},
        email="reminder_soon",
    )
    sent += _reminders_send(
        confirmed.filter(session__in=sessions.starting_within(within), reminded_at=None),
        claimed_by="reminded_at",
        claim={"reminded_at": now},
        email="reminder",
    )
    return sent


def _reminders_send(due, *, claimed_by, claim, email):
    """Queue `email` for each registration of `due` whose `claimed_by` is still empty,
    setting `claim` in the same transaction; return how many were queued."""
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration.pk, **{claimed_by: None}).update(
                **claim
            )
            if claimed:
                registration_email_send(registration=registration, email=email)
                sent += 1
    return sent
