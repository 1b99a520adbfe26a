"""What people type into a search box may hold someone's address or number:
it is masked before any of it is stored (search gaps, insights)."""

import re

# Tried only from the start of a word: from every letter of a long one, the
# search took seconds on a 100 kB query.
EMAIL = re.compile(r"(?<![^\s@])[^\s@]+@[^\s@]+")
# Seven digits or more, with the spaces, dots, dashes and brackets phone
# numbers are written with: "+44 (0)20 7946 0958", "555-123-4567". A long
# number standing alone (an error code) is masked too: better safe.
PHONE = re.compile(r"(?<!\w)\+?\(?\d[\d\s().\-/]{5,}\d(?!\w)")
QUERY_MAX_LENGTH = 200


def mask_query(text):
    """Return the query as stored: trimmed, lower case, single-spaced, with
    anything like an email address or a phone number replaced by a mark."""
    text = "".join(ch for ch in str(text) if ch >= " ")
    text = " ".join(text.split()).lower()
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub(
        lambda match: "[phone]" if sum(c.isdigit() for c in match.group()) >= 7 else match.group(),
        text,
    )
    return text[:QUERY_MAX_LENGTH]
