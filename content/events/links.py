"""Links a session's pages and emails carry: signed manage links, which name a
registration and cannot be guessed or edited, and a venue's map link.

A manage link carries the registration's random token, signed with SECRET_KEY and
stamped with the time it was made; a changed character or an old link fails.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from content.core.links import absolute_url
from content.events.models import Registration

SALT = "content.events.manage"


def manage_path(registration):
    """Return the path of `registration`'s manage page, freshly signed."""
    signed = signing.dumps(str(registration.token), salt=SALT)
    return reverse("events:manage", kwargs={"signed": signed})


def manage_url(registration):
    """Return the absolute manage link, for emails and calendar files."""
    return absolute_url(manage_path(registration))


def registration_for_link(signed):
    """Return the registration a manage link names.

    Raise signing.SignatureExpired for an old link, signing.BadSignature for
    a changed one and Registration.DoesNotExist once its data was removed.
    """
    max_age = timedelta(days=settings.EVENTS_MANAGE_LINK_MAX_AGE_DAYS)
    token = signing.loads(signed, salt=SALT, max_age=max_age)
    return Registration.objects.select_related("session").get(token=token, purged_at=None)


def venue_map_url(session):
    """Return a link that finds an in-person session's venue on OpenStreetMap, or ""
    when the session is online or its venue is not known yet (nothing is embedded)."""
    if session.is_online or not (session.venue or session.city):
        return ""
    return "https://www.openstreetmap.org/search?" + urlencode({"query": session.place})
