"""The outbox of local development: the emails Django's file-based backend kept.

`make run` sets EMAIL_BACKEND to django.core.mail.backends.filebased.EmailBackend,
which writes every email it is given to a file in EMAIL_FILE_PATH instead of
sending it; /dev/outbox/ (content.outbox.views) reads them back for a person to look at.
Each file holds one or more messages, each followed by a line of 79 dashes.
"""

import re
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
# A kept email is named by its file's stem and its place in the file.
EMAIL_ID = re.compile(r"^(?P<stem>[\w-]+)\.(?P<index>\d+)$")


@dataclass
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class KeptEmail:
    id: str
    subject: str
    sender: str
    to: str
    date: object
    text: str
    html: str
    attachments: list = field(default_factory=list)


def outbox_folder():
    """Return the folder emails are kept in, or None when they are sent (or printed) instead."""
    mailer = settings.MAILERS["default"]
    if mailer["BACKEND"] != FILE_BACKEND:
        return None
    return Path(mailer["OPTIONS"]["file_path"])


def _parse(email_id, raw):
    message = BytesParser(policy=policy.default).parsebytes(raw)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    return KeptEmail(
        id=email_id,
        subject=message["subject"] or "",
        sender=message["from"] or "",
        to=message["to"] or "",
        date=parsedate_to_datetime(message["date"]) if message["date"] else None,
        text=text.get_content() if text else "",
        html=html.get_content() if html else "",
        attachments=[
            Attachment(
                filename=part.get_filename() or "attachment",
                content_type=part.get_content_type(),
                content=part.get_payload(decode=True) or b"",
            )
            for part in message.iter_attachments()
        ],
    )


def _messages(path):
    """Return the raw messages of one file of the file-based backend."""
    return [raw for raw in path.read_bytes().split(SEPARATOR) if raw.strip()]


def kept_emails(*, limit=50):
    """Return the newest `limit` kept emails, newest first."""
    folder = outbox_folder()
    if folder is None or not folder.is_dir():
        return []
    files = sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime, reverse=True)
    emails = []
    for path in files:
        raws = _messages(path)
        for index in reversed(range(len(raws))):
            emails.append(_parse(f"{path.stem}.{index}", raws[index]))
            if len(emails) == limit:
                return emails
    return emails


def kept_email(email_id):
    """Return the kept email named `email_id`, or None when there is no such email."""
    folder = outbox_folder()
    match = EMAIL_ID.match(email_id)
    if folder is None or match is None:
        return None
    path = folder / f"{match['stem']}.log"
    if not path.is_file():
        return None
    raws = _messages(path)
    index = int(match["index"])
    return _parse(email_id, raws[index]) if index < len(raws) else None
