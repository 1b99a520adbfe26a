"""Calendar files (RFC 5545, through icalendar) and "add to calendar" links.

Times are written in the session's own time zone (TZID with its VTIMEZONE),
so a calendar shows the right local time even across a daylight-saving change.
A registration's entry keeps one UID for its whole life: the confirmation,
every change and the cancellation refer to the same event, and calendars
update it in place. Its SEQUENCE is the session's `calendar_sequence`, which
each change attendees are told of raises (content.events.updates); a
cancellation goes one higher than the invitation it withdraws.
"""

from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlencode, urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress

from content.core.links import absolute_url


def _host():
    return urlparse(settings.SITE_URL).hostname or "technical-hub"


def _location(session, *, join_url=""):
    if session.is_online:
        return join_url or "Online"
    return session.place


def _event(session, *, uid, description, location):
    zone = ZoneInfo(session.time_zone)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.title)
    event.add("description", description)
    event.add("location", location)
    event.add("url", absolute_url(session.get_absolute_url()))
    return event


def _calendar(events, *, method, sessions, name=""):
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Phish & Chips//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    if name:
        # The name a calendar application gives a subscription.
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    if sessions:
        # Describe the zones' rules around the sessions only; the full history
        # since 1970 would make every attachment several kilobytes long.
        calendar.add_missing_timezones(
            first_date=min(s.starts_at for s in sessions).date() - timedelta(days=366),
            last_date=max(s.ends_at for s in sessions).date() + timedelta(days=366),
        )
    return calendar.to_ical()


def _public_event(session):
    """Return a session's public entry: no join link, no attendee; withdrawn once cancelled."""
    event = _event(
        session,
        uid=f"session-{session.pk}@{_host()}",
        description=session.summary,
        location=_location(session),
    )
    event.add("sequence", session.calendar_sequence)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    if session.is_cancelled:
        event["summary"] = f"Cancelled: {session.title}"
    return event


def session_calendar(*, session):
    """Return the public calendar file of a session."""
    return _calendar([_public_event(session)], method="PUBLISH", sessions=[session])


def sessions_calendar(*, sessions, name):
    """Return the subscription calendar of `sessions`, named `name`.

    A changed session keeps its UID with a higher SEQUENCE, and a cancelled
    one stays in it with STATUS:CANCELLED, so subscribed calendars follow both.
    """
    sessions = list(sessions)
    return _calendar(
        [_public_event(session) for session in sessions],
        method="PUBLISH",
        sessions=sessions,
        name=name,
    )


def registration_calendar(*, registration, manage_url, cancel=False):
    """Return a registration's calendar invitation: METHOD:REQUEST, or CANCEL.

    The join link of an online session goes in only for a confirmed seat.
    """
    session = registration.session
    join_url = registration.join_url
    lines = [session.summary, f"Manage your registration: {manage_url}"]
    if join_url:
        lines.insert(1, f"Join online: {join_url}")
    elif registration.join_url_due:
        lines.insert(1, f"The join link follows by email by {registration.join_url_due:%-d %B %Y}.")
    event = _event(
        session,
        uid=f"{registration.token}@{_host()}",
        description="\n\n".join(line for line in lines if line),
        location=_location(session, join_url=join_url),
    )
    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = organizer_name or settings.SITE_NAME
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = registration.name
    attendee.params["role"] = "REQ-PARTICIPANT"
    attendee.params["partstat"] = "DECLINED" if cancel else "ACCEPTED"
    event.add("attendee", attendee)
    # A cancellation must carry a higher sequence than the invitation it undoes.
    event.add("sequence", session.calendar_sequence + (1 if cancel else 0))
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    return _calendar([event], method="CANCEL" if cancel else "REQUEST", sessions=[session])


def _utc_stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(*, session, details=""):
    """Return a link that opens Google Calendar with the session filled in."""
    query = {
        "action": "TEMPLATE",
        "text": session.title,
        "dates": f"{_utc_stamp(session.starts_at)}/{_utc_stamp(session.ends_at)}",
        "ctz": session.time_zone,
        "details": details,
        "location": _location(session),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


# Outlook on the web has two homes: personal accounts (Outlook.com) and work or
# school accounts (Microsoft 365); a link to one cannot reach a calendar in the other.
OUTLOOK_HOSTS = {"outlook": "outlook.live.com", "office": "outlook.office.com"}


def outlook_calendar_url(*, session, details="", host=OUTLOOK_HOSTS["outlook"]):
    """Return a link that opens Outlook on the web at `host` with the session filled in."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": session.title,
        "startdt": session.starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": session.ends_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": _location(session),
    }
    return f"https://{host}/calendar/0/deeplink/compose?" + urlencode(query)


def calendar_links(*, session):
    """Return the "add to calendar" links of a session, as emails and pages offer them:
    `google_url`, `outlook_url` (personal accounts) and `office_url` (work accounts)."""
    details = f"{session.summary}\n\n{absolute_url(session.get_absolute_url())}"
    return {
        "google_url": google_calendar_url(session=session, details=details),
        **{
            f"{name}_url": outlook_calendar_url(session=session, details=details, host=host)
            for name, host in OUTLOOK_HOSTS.items()
        },
    }


def subscription_url(*, area_slug=None):
    """Return the webcal: address of the sessions' calendar subscription, of one
    product area's if `area_slug` is given: calendar applications subscribe to
    it and fetch it again from time to time."""
    if area_slug:
        path = reverse("events:area-subscription", kwargs={"area": area_slug})
    else:
        path = reverse("events:subscription")
    return "webcal:" + absolute_url(path).split(":", 1)[1]
