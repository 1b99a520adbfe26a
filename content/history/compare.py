"""Compare two snapshots of one item field by field, for people to read.

Text is compared word by word and shown as one passage with removed words
struck through and added ones marked; other fields as before and after.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from taggit.managers import TaggableManager

from content.history.snapshots import tracked_fields

# A word with the space after it: spaces alone would match between any two
# texts and cut a rewritten sentence into alternating scraps.
WORDS = re.compile(r"\s*\S+\s*|\s+")
EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    label: str
    changed: bool
    before: str
    after: str
    # For text: one passage with <del> and <ins> marks, already escaped.
    words: str = ""


def word_diff(before, after):
    """Return HTML of `after` against `before`: removed words in <del>, added in <ins>."""
    old, new = WORDS.findall(before or ""), WORDS.findall(after or "")
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(old[old_start:old_end])))
            continue
        if old_end > old_start:
            parts.append(f"<del>{escape(''.join(old[old_start:old_end]))}</del>")
        if new_end > new_start:
            parts.append(f"<ins>{escape(''.join(new[new_start:new_end]))}</ins>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def is_text(field):
    return isinstance(field, (models.CharField, models.TextField)) and not field.choices


def display(field, value):
    """Return `value` of `field` as staff read it."""
    if value in (None, "", []):
        return EMPTY
    if isinstance(field, TaggableManager):
        return ", ".join(value)
    if field.many_to_many:
        rows = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(row) for row in rows)) or EMPTY
    if field.is_relation:
        row = field.related_model._default_manager.filter(pk=value).first()
        return str(row) if row else f"(deleted: {value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return dateformat.format(timezone.localtime(value), "j M Y H:i T")
    if isinstance(value, date):
        return dateformat.format(value, "j M Y")
    return str(value)


def compare(model, before, after):
    """Return a FieldChange for each field staff edit, in the model's order."""
    changes = []
    for field in tracked_fields(model):
        old, new = before.get(field.name), after.get(field.name)
        change = FieldChange(
            label=capfirst(field.verbose_name),
            changed=old != new,
            before=display(field, old),
            after=display(field, new),
            words=word_diff(old, new) if is_text(field) and old != new else "",
        )
        changes.append(change)
    return changes
