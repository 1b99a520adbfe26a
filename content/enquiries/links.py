"""Signed status links: they name an enquiry and cannot be guessed or edited.

The link carries the enquiry's reference, signed with SECRET_KEY and stamped
with the time it was made; it works for ENQUIRY_STATUS_LINK_MAX_AGE_DAYS.
"""

from django.conf import settings

from content.core.links import absolute_url, signed_path, signed_value
from content.enquiries.models import Enquiry

SALT = "content.enquiries.status"


def status_path(enquiry):
    """Return the path of `enquiry`'s status page, freshly signed."""
    return signed_path("enquiries:status", enquiry.reference, salt=SALT)


def status_url(enquiry):
    """Return the absolute status link, for the receipt."""
    return absolute_url(status_path(enquiry))


def enquiry_for_link(signed):
    """Return the enquiry a status link names.

    Raise signing.SignatureExpired for an old link, signing.BadSignature for
    a changed one and Enquiry.DoesNotExist once the enquiry was deleted.
    """
    max_age_days = settings.ENQUIRY_STATUS_LINK_MAX_AGE_DAYS
    reference = signed_value(signed, salt=SALT, max_age_days=max_age_days)
    return Enquiry.objects.get(reference=reference)
