"""What may be uploaded as an asset's file, and how it is named and served.

A file is accepted only when its extension is allowed AND its first bytes
(and, for Office files, its inner layout) match that extension, so a renamed
executable or HTML page is refused. The size limit is
settings.LIBRARY_UPLOAD_MAX_BYTES.
"""

import secrets
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify

HEAD_BYTES = 16


def _zip_with(*members):
    """Return a check that the file is a ZIP archive holding every one of `members`."""

    def check(file, head):
        if not head.startswith(b"PK\x03\x04"):
            return False
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        return all(any(name.startswith(member) for name in names) for member in members)

    return check


def _starts_with(*signatures):
    return lambda file, head: head.startswith(signatures)


def _is_mp4(file, head):
    return head[4:8] == b"ftyp"


def _is_zip(file, head):
    return head.startswith((b"PK\x03\x04", b"PK\x05\x06")) and zipfile.is_zipfile(file)


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    check: object


OFFICE = "application/vnd.openxmlformats-officedocument"
FILE_TYPES = {
    "pdf": FileType("PDF", "application/pdf", _starts_with(b"%PDF-")),
    "docx": FileType("DOCX", f"{OFFICE}.wordprocessingml.document", _zip_with("[Content_Types].xml", "word/")),  # noqa: E501
    "xlsx": FileType("XLSX", f"{OFFICE}.spreadsheetml.sheet", _zip_with("[Content_Types].xml", "xl/")),  # noqa: E501
    "pptx": FileType("PPTX", f"{OFFICE}.presentationml.presentation", _zip_with("[Content_Types].xml", "ppt/")),  # noqa: E501
    "zip": FileType("ZIP", "application/zip", _is_zip),
    "png": FileType("PNG", "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    "jpg": FileType("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "jpeg": FileType("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "gif": FileType("GIF", "image/gif", _starts_with(b"GIF87a", b"GIF89a")),
    "mp4": FileType("MP4", "video/mp4", _is_mp4),
}  # fmt: skip
FALLBACK = FileType("File", "application/octet-stream", None)


def extension_of(name):
    return PurePath(name or "").suffix.lower().lstrip(".")


def file_type_of(name):
    """Return the FileType for a stored file's name."""
    return FILE_TYPES.get(extension_of(name), FALLBACK)


@deconstructible
class UploadValidator:
    """Refuse a file whose size, extension or content is not allowed."""

    def __call__(self, file):
        limit = settings.LIBRARY_UPLOAD_MAX_BYTES
        if file.size > limit:
            raise ValidationError(
                "This file is %(size)s; the largest file the library accepts is %(limit)s.",
                code="file_too_large",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            )
        extension = extension_of(file.name)
        file_type = FILE_TYPES.get(extension)
        if file_type is None:
            raise ValidationError(
                "Files ending in “.%(extension)s” cannot be uploaded. Allowed: %(allowed)s.",
                code="file_type",
                params={"extension": extension, "allowed": ", ".join(FILE_TYPES)},
            )
        position = file.tell()
        try:
            file.seek(0)
            head = file.read(HEAD_BYTES)
            matches = file_type.check(file, head)
        finally:
            file.seek(position)
        if not matches:
            raise ValidationError(
                "This file's content is not a %(label)s file, although its name ends in "
                "“.%(extension)s”. Check that it is the right file and was saved in that format.",
                code="file_content",
                params={"label": file_type.label, "extension": extension},
            )

    def __eq__(self, other):
        return isinstance(other, UploadValidator)


def asset_upload_to(instance, filename):
    """Return a safe storage name: a dated folder, a slug of the name, a random suffix.

    The suffix keeps names unguessable and unique without asking the storage.
    """
    path = PurePath(filename)
    stem = slugify(path.stem)[:60] or "file"
    extension = extension_of(filename)
    month = timezone.now().strftime("%Y/%m")
    return f"assets/{month}/{stem}-{secrets.token_hex(4)}.{extension}"
