"""Media on local disk that keeps no half-written file when a write fails."""

import logging
import os

from django.core.files.storage import FileSystemStorage

logger = logging.getLogger(__name__)


class FileNotStored(Exception):
    """The file could not be written (a full disk, a quota); nothing of it was kept."""


class MediaStorage(FileSystemStorage):
    """Django's FileSystemStorage, but a failed write removes what it wrote.

    Django leaves the truncated file in place and raises the OSError, which
    the admin would show as a 500; FileNotStored lets a form say so instead.
    """

    def _save(self, name, content):
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError as error:
            if not existed and os.path.lexists(path):
                os.remove(path)
            logger.error("file not stored", extra={"file": name, "error": str(error)})
            raise FileNotStored(error.strerror or str(error)) from error
