"""The emails a registration receives, each in HTML and plain text.

They are rendered now and queued through content.core.mail, in the
surrounding transaction: a booking that rolls back sends nothing.
"""

from django.conf import settings

from content.core.links import absolute_url
from content.core.mail import send_templated_email
from content.events.calendar import calendar_links, registration_calendar
from content.events.checkin_codes import checkin_code_url
from content.events.links import manage_url

# The template under templates/events/email/ and whether it carries a calendar
# file: "request" invites, "cancel" withdraws the invitation.
EMAILS = {
    "confirmed": "request",
    "waitlisted": None,
    "promoted": "request",
    "cancelled": "cancel",
    "reminder": None,
    "reminder_soon": None,
    "booking_link": None,
    # content.events.updates: the session moved or changed, or was called off.
    "changed": "request",
    "session_cancelled": "cancel",
    # content.events.messaging: what event managers write to a session's people.
    "message": None,
}


def registration_email_send(*, registration, email, calendar=True, extra_context=None):
    """Queue the `email` (a key of EMAILS) for `registration`.

    `calendar=False` leaves the calendar file out, e.g. when cancelling a
    place in the waitlist that never had an invitation to withdraw.
    `extra_context` adds to what the templates are given. Return False when
    the address has had its share of mails today (nothing queued).
    """
    session = registration.session
    link = manage_url(registration)
    session_url = absolute_url(session.get_absolute_url())
    context = {
        "registration": registration,
        "session": session,
        "manage_url": link,
        "session_url": session_url,
        "join_url": registration.join_url,
        "join_url_due": registration.join_url_due,
        "waitlist_place": registration.waitlist_place(),
        "site_name": settings.SITE_NAME,
        **calendar_links(session=session),
        **(extra_context or {}),
    }
    if registration.status == registration.Status.CONFIRMED:
        context["checkin_code_url"] = checkin_code_url(registration)
    attachments = []
    method = EMAILS[email]
    if method and calendar:
        content = registration_calendar(
            registration=registration, manage_url=link, cancel=method == "cancel"
        )
        # The method in the MIME type lets mail clients offer "accept" / "remove".
        mimetype = f"text/calendar; method={'CANCEL' if method == 'cancel' else 'REQUEST'}"
        attachments.append(("phish-and-chips.ics", content.decode(), mimetype))
    return send_templated_email(
        template=f"events/email/{email}",
        context=context,
        to=[registration.email],
        attachments=attachments,
        unverified=True,
    )


def registration_link_resend(*, session, email):
    """Email the manage link of the live registration of `email` for `session` to
    that address, if there is one, within the address's daily share of mails.

    Nothing is returned: whoever asks learns nothing about who is registered.
    """
    registration = session.registrations.live().with_email(email).first()
    if registration is not None:
        registration_email_send(registration=registration, email="booking_link")
