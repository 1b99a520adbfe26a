"""After the day: the email with materials and a survey to the people who
attended, the signed link it carries, and who did not come.

Each email is claimed with a conditional update before it is queued, as the
reminders are (content.events.booking.session_reminders_send), so cron and a
worker running this at once, or twice, send it once.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from content.core.links import absolute_url, signed_path, signed_value
from content.core.mail import send_templated_email
from content.events.links import manage_url
from content.events.models import Registration, Session, SurveyAnswer

SALT = "content.events.followup"
# A session whose follow-up was missed for longer than this (the command did
# not run) is left alone: materials a fortnight late help nobody.
FOLLOW_UP_WITHIN = timedelta(days=7)


def followup_path(registration):
    """Return the path of `registration`'s materials and survey page, freshly signed."""
    return signed_path("events:followup", str(registration.token), salt=SALT)


def registration_for_followup(signed):
    """Return the attended registration a follow-up link names.

    Raise signing.BadSignature for a changed or old link and
    Registration.DoesNotExist for one that is gone or was not attended.
    """
    token = signed_value(signed, salt=SALT, max_age_days=settings.EVENTS_MANAGE_LINK_MAX_AGE_DAYS)
    return Registration.objects.select_related("session").get(
        token=token, purged_at=None, status=Registration.Status.ATTENDED
    )


def sessions_followup_due(now=None):
    """Return the published sessions whose day is over where they happened: the
    day after, in the session's own zone, within FOLLOW_UP_WITHIN."""
    now = now or timezone.now()
    recent = Session.objects.published().filter(
        ends_at__lt=now, ends_at__gte=now - FOLLOW_UP_WITHIN
    )
    return [
        session
        for session in recent
        if session.ends_at.astimezone(ZoneInfo(session.time_zone)).date()
        < now.astimezone(ZoneInfo(session.time_zone)).date()
    ]


def session_materials(session):
    """Return the published assets linked to `session`, newest first."""
    return session.materials.published().order_by("-publish_at")


def followup_email_send(*, registration):
    """Queue the materials and survey email to the attended `registration`."""
    session = registration.session
    context = {
        "registration": registration,
        "session": session,
        "session_url": absolute_url(session.get_absolute_url()),
        "manage_url": manage_url(registration),
        "followup_url": absolute_url(followup_path(registration)),
        "materials": [
            (asset.title, absolute_url(asset.get_absolute_url()))
            for asset in session_materials(session)
        ],
        "has_slides": bool(session.slides),
        "site_name": settings.SITE_NAME,
    }
    return send_templated_email(
        template="events/email/followup",
        context=context,
        to=[registration.email],
        unverified=True,
    )


def session_followups_send(now=None):
    """Email everyone who attended a session whose day is over; return how many."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        session__in=[session.pk for session in sessions_followup_due(now)],
        status=Registration.Status.ATTENDED,
        followed_up_at=None,
        purged_at=None,
    ).select_related("session")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration.pk, followed_up_at=None).update(
                followed_up_at=now
            )
            if claimed:
                followup_email_send(registration=registration)
                sent += 1
    return sent


def survey_answer_save(*, registration, rating, comment):
    """Keep `registration`'s answer: a second one replaces the first."""
    answer, _ = SurveyAnswer.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment}
    )
    return answer
