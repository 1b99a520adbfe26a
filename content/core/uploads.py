"""Checking uploaded files, and keeping and serving stored ones, for every app that takes files.

A file is accepted only when its size is within the limit, its extension is
allowed AND its first bytes (and, for Office files, its inner layout) match
that extension, so a renamed executable or HTML page is refused. Each app
states its own extensions and limit in a subclass of UploadValidator.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible

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
    """Refuse a file whose size, extension or content is not allowed.

    Subclasses name the setting that holds their size limit in bytes, the
    extensions they take (of FILE_TYPES), and who accepts the file, for the
    error message.
    """

    max_bytes_setting = None
    extensions = tuple(FILE_TYPES)
    accepted_by = "the hub"

    def __call__(self, file):
        limit = getattr(settings, self.max_bytes_setting)
        if file.size > limit:
            raise ValidationError(
                "This file is %(size)s; the largest file %(accepted_by)s accepts is %(limit)s.",
                code="file_too_large",
                params={
                    "size": filesizeformat(file.size),
                    "limit": filesizeformat(limit),
                    "accepted_by": self.accepted_by,
                },
            )
        extension = extension_of(file.name)
        if extension not in self.extensions:
            raise ValidationError(
                "Files ending in “.%(extension)s” cannot be uploaded. Allowed: %(allowed)s.",
                code="file_type",
                params={"extension": extension, "allowed": ", ".join(self.extensions)},
            )
        file_type = FILE_TYPES[extension]
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
        return type(self) is type(other)


def stored_file_response(file, *, filename):
    """Return a response serving the stored `file` as `filename`, or raise Http404.

    Every file is an attachment: a PDF or an image shown inline would run
    from the hub's own origin, with its cookies, and PDFs can hold scripts.
    The type comes from the checked extension, never from the upload.
    """
    if not file:
        raise Http404("There is no file.")
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    file_type = file_type_of(file.name)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.{extension_of(file.name)}",
        content_type=file_type.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PrivateStorage(FileSystemStorage):
    """Files on local disk that no address reaches, kept apart from the public media.

    Only views that check who asks serve them (with stored_file_response), so
    asking for a URL is a mistake, and says so.
    """

    def url(self, name):
        raise ValueError("A private file has no public address; serve it through a view.")


def private_storage():
    """Return the storage for private files (settings.STORAGES["private"])."""
    return storages["private"]
