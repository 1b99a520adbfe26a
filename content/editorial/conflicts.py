"""Refuse a save that would overwrite a colleague's newer one, keeping what was typed.

When the change form opens, it carries in a hidden field (`edit_base`) a
signed copy of every field's value as the form showed it, and when. When
it is sent, the item is read again, locked for the rest of the transaction
(`select_for_update`; SQLite's transactions are IMMEDIATE), and each field
is compared with that copy. A field that differs was changed by someone else
in between: the save is refused, the form comes back with what this person
typed, and the page names who saved and shows each field they changed,
before and after. The hidden field then carries the newer values, so a
second press of Save, after reading, replaces their version knowingly.

Nothing is stored: the copy travels with the form, as a version number
would, but it also says what changed.
"""

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.utils import timezone

SALT = "content.editorial.edit-base"
FIELD_NAME = "edit_base"


def display_name(user):
    return user.get_full_name() or user.get_username()


def field_text(form, name, value):
    """Return `value` of the form's field `name` as a plain string staff can read."""
    form_field = form.fields[name]
    if value is None:
        return ""
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        keys = [getattr(item, "pk", item) for item in value]
        return ", ".join(sorted(str(row) for row in form_field.queryset.filter(pk__in=keys)))
    if isinstance(value, (list, tuple)):
        # Tags: taggit gives the item's Tag rows.
        return ", ".join(sorted(str(getattr(item, "name", item)) for item in value))
    if isinstance(form_field, forms.ModelChoiceField):
        row = form_field.queryset.filter(pk=getattr(value, "pk", value)).first() if value else None
        return str(row) if row else ""
    if isinstance(form_field, forms.ChoiceField):
        return str(dict(form_field.choices).get(value, value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    # A file's stored name, or the value itself.
    return str(getattr(value, "name", value))


def snapshot(form):
    """Return {field name: readable value} of an unbound form, as it shows its item."""
    return {
        name: field_text(form, name, form[name].value())
        for name in form.fields
        if name != FIELD_NAME
    }


@dataclass
class Change:
    label: str
    before: str
    after: str

    @property
    def words(self):
        """Return the change word by word: [(kind, text)] with kind "same", "removed" or "added"."""
        before, after = self.before.split(), self.after.split()
        parts = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                parts.append(("same", " ".join(before[i1:i2])))
                continue
            if i2 > i1:
                parts.append(("removed", " ".join(before[i1:i2])))
            if j2 > j1:
                parts.append(("added", " ".join(after[j1:j2])))
        return parts


@dataclass
class EditConflict:
    """Someone saved the item after this form was opened."""

    editors: list
    saved_at: datetime | None
    changes: list = field(default_factory=list)

    @property
    def editors_text(self):
        return " and ".join(self.editors) if self.editors else "Someone (not in the admin)"

    @property
    def message(self):
        when = f" at {timezone.localtime(self.saved_at):%H:%M}" if self.saved_at is not None else ""
        return (
            f"{self.editors_text} saved this item{when}, after you opened it, so your "
            "changes are not saved yet. What you typed is still in the form; their changes "
            "are shown above it. Bring theirs into yours where needed, then press Save again "
            "to save your version."
        )


def editors_since(item, opened, user):
    """Return who saved `item` in the admin since `opened`, and when they last did."""
    entries = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(item, for_concrete_model=False),
            object_id=str(item.pk),
            action_time__gte=opened,
        )
        .select_related("user")
        .order_by("action_time")
    )
    names, last = [], None
    for entry in entries:
        name = "You (in another window)" if entry.user_id == user.pk else display_name(entry.user)
        if name not in names:
            names.append(name)
        last = entry.action_time
    return names, last


class OpenedCopyField(forms.CharField):
    """The signed copy of what the form was opened with: never a change of
    the item, so never named in its history ("Changed Body and Tags")."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


def conflict_checked(form_class, *, user):
    """Return `form_class` with the hidden `edit_base` copy and the check against it."""

    class ConflictCheckedForm(form_class):
        edit_base = OpenedCopyField(required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.edit_conflict = None
            if not self.is_bound and self.instance.pk and not self.initial.get(FIELD_NAME):
                # The copy is of the item as stored: a form opened on a draft
                # or an earlier revision (content.history) shows other values.
                stored = type(self.instance)._default_manager.get(pk=self.instance.pk)
                self.initial[FIELD_NAME] = self.base_token(form_class(instance=stored))

        @staticmethod
        def base_token(form):
            return signing.dumps(
                {"opened": timezone.now().isoformat(), "values": snapshot(form)},
                salt=SALT,
                compress=True,
            )

        def clean(self):
            cleaned = super().clean()
            if self.instance.pk is None:
                return cleaned
            try:
                base = signing.loads(self.data.get(self.add_prefix(FIELD_NAME), ""), salt=SALT)
            except signing.BadSignature:
                # A form opened before this check existed, or one altered: no
                # copy to compare with, so nothing is refused.
                return cleaned
            model = type(self.instance)
            current = model._default_manager.select_for_update().get(pk=self.instance.pk)
            fresh = form_class(instance=current)
            now = snapshot(fresh)
            changes = [
                Change(label=str(fresh.fields[name].label or name), before=before, after=now[name])
                for name, before in base["values"].items()
                if name in now and now[name] != before
            ]
            if not changes:
                return cleaned
            editors, saved_at = editors_since(current, datetime.fromisoformat(base["opened"]), user)
            self.edit_conflict = EditConflict(editors=editors, saved_at=saved_at, changes=changes)
            # The next Save is made knowing their version: compare with it from now on.
            self.data = self.data.copy()
            self.data[self.add_prefix(FIELD_NAME)] = self.base_token(fresh)
            raise forms.ValidationError(self.edit_conflict.message, code="edit_conflict")

    return ConflictCheckedForm
