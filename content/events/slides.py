"""A session's slides: what may be uploaded, and where they are kept.

Slides are for the people who attended, so they live in the private storage
(settings.STORAGES["private"]) and are served only through an attendee's
signed follow-up link (content.events.followup_views).
"""

import secrets

from django.utils import timezone

from content.core.uploads import UploadValidator, extension_of


class SlidesValidator(UploadValidator):
    """Refuse slides whose size, extension or content is not allowed."""

    max_bytes_setting = "LIBRARY_UPLOAD_MAX_BYTES"
    extensions = ("pdf", "pptx")
    accepted_by = "a session's slides"


def slides_upload_to(instance, filename):
    """Return an unguessable storage name that keeps only the extension."""
    month = timezone.now().strftime("%Y/%m")
    return f"slides/{month}/{secrets.token_hex(16)}.{extension_of(filename)}"
