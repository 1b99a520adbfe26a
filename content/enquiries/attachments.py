"""The one file a visitor may attach to an enquiry: what is accepted, and where it is kept.

Attachments are kept in the private storage (settings.STORAGES["private"]),
never under MEDIA_URL, and only staff who may read enquiries can open them.
"""

import secrets

from django.utils import timezone

from content.core.uploads import UploadValidator, extension_of

# Screenshots, documents and zipped logs; no video, which is rarely needed and large.
ATTACHMENT_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "gif", "docx", "xlsx", "pptx", "zip")


class AttachmentValidator(UploadValidator):
    """Refuse an attachment whose size, extension or content is not allowed."""

    max_bytes_setting = "ENQUIRY_ATTACHMENT_MAX_BYTES"
    extensions = ATTACHMENT_EXTENSIONS
    accepted_by = "the contact form"


def attachment_upload_to(instance, filename):
    """Return a storage name that keeps only the extension of the visitor's file name.

    The name someone gave their file may be personal; a random one is unguessable too.
    """
    month = timezone.now().strftime("%Y/%m")
    return f"enquiries/{month}/{secrets.token_hex(16)}.{extension_of(filename)}"
