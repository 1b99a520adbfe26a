"""Log records as one JSON object per line, with the secrets of signed links taken out."""

import json
import logging
import re
from datetime import UTC, datetime

# What every LogRecord carries; anything else on a record came in `extra=`.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

# A signed link (django.core.signing's value:timestamp:signature, as in the
# manage links and the enquiry receipt) is the one kind of path segment or
# query value of the hub that holds a ":"; a registration's bare token is a
# UUID path segment. Either opens someone's details, so neither may reach a
# log. Only a "/" after something else starts a segment: "http://host:8000/"
# keeps its port. A UUID that is not a path segment (a task's id) is no key
# to anything personal, and operators need it.
SIGNED_SEGMENT = re.compile(r"(?<!/)/[^/?#\s\"']*(?::|%3A)[^/?#\s\"']*", re.IGNORECASE)
SIGNED_VALUE = re.compile(r"([?&][^=&#\s]*=)[^&#\s\"']*(?::|%3A)[^&#\s\"']*", re.IGNORECASE)
UUID = re.compile(
    r"(?<=/)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE
)
REDACTED = "[redacted]"


def redact(text):
    """Return `text` with every signed link's value and every token replaced."""
    text = SIGNED_VALUE.sub(r"\g<1>" + REDACTED, text)
    text = SIGNED_SEGMENT.sub("/" + REDACTED, text)
    return UUID.sub(REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """Take the secrets of signed links out of a record before its handler writes it.

    It sits on every handler, so that the request log and Django's own lines
    ("Not Found: /path", the development server's request lines) are covered
    whatever logger they come from.
    """

    def filter(self, record):
        record.msg = redact(record.getMessage())
        record.args = ()
        for key, value in list(vars(record).items()):
            if key not in STANDARD_ATTRIBUTES and isinstance(value, str):
                setattr(record, key, redact(value))
        return True


def _as_text(value):
    """Return what the JSON line shows of a value JSON cannot hold (a request, a socket)."""
    return redact(str(value))


class JsonFormatter(logging.Formatter):
    """Format a record as JSON: time, level, logger, message and its `extra` fields."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=_as_text)
