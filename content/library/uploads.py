"""What may be uploaded as an asset's file, and how it is named.

The checks are content.core.uploads'; the size limit is
settings.LIBRARY_UPLOAD_MAX_BYTES.
"""

import secrets
from pathlib import PurePath

from django.utils import timezone
from django.utils.text import slugify

from content.core.uploads import UploadValidator as BaseUploadValidator
from content.core.uploads import extension_of


class UploadValidator(BaseUploadValidator):
    """Refuse an asset's file whose size, extension or content is not allowed."""

    max_bytes_setting = "LIBRARY_UPLOAD_MAX_BYTES"
    accepted_by = "the library"


def asset_upload_to(instance, filename):
    """Return a safe storage name: a dated folder, a slug of the name, a random suffix.

    The suffix keeps names unguessable and unique without asking the storage.
    """
    path = PurePath(filename)
    stem = slugify(path.stem)[:60] or "file"
    extension = extension_of(filename)
    month = timezone.now().strftime("%Y/%m")
    return f"assets/{month}/{stem}-{secrets.token_hex(4)}.{extension}"
