"""A snapshot: the values staff edit of one item or area, as one plain dict.

The live row, each revision and a draft each give one, so that the compare
page, the draft banner and the change form treat them alike. Keys are field
names. A foreign key holds the related row's pk, another many-to-many field
its sorted pks, `tags` the sorted tag names, a file field the stored file's
name. A field added after a revision was made is missing from its snapshot.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem


def tracked_fields(model):
    """Return the fields of `model` that staff edit, its parents' included."""
    return [
        field
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.editable and not field.primary_key
    ]


def snapshot_of_object(obj, *, cleaned_data=None):
    """Return the snapshot of `obj` as it is in memory; many-to-many values come
    from `cleaned_data` (a valid form's) where it has them, else from the database."""
    cleaned_data = cleaned_data or {}
    snapshot = {}
    for field in tracked_fields(type(obj)):
        name = field.name
        if isinstance(field, TaggableManager):
            tags = cleaned_data[name] if name in cleaned_data else obj.tags.all()
            snapshot[name] = sorted(getattr(tag, "name", tag) for tag in tags)
        elif field.many_to_many:
            rows = cleaned_data[name] if name in cleaned_data else getattr(obj, name).all()
            snapshot[name] = sorted(row.pk for row in rows)
        elif isinstance(field, models.FileField):
            snapshot[name] = getattr(obj, name).name or ""
        else:
            snapshot[name] = getattr(obj, field.attname)
    return snapshot


def snapshot_of_version(version):
    """Return the snapshot of one item as a reversion `Version` holds it."""
    model = version._model
    values = version.field_dict
    stored = version._object_version.object
    snapshot = {}
    for field in tracked_fields(model):
        name = field.name
        if isinstance(field, TaggableManager):
            snapshot[name] = tag_names(list(version.revision.version_set.all()), version.object_id)
        elif field.many_to_many:
            if field.attname in values:
                snapshot[name] = sorted(field.target_field.to_python(pk) for pk in values[name])
        elif isinstance(field, models.FileField):
            if field.attname in values:
                snapshot[name] = getattr(stored, name).name or ""
        elif field.attname in values:
            snapshot[name] = values[field.attname]
    return snapshot


def tag_names(versions, object_id):
    """Return the names of the tags that `versions` (one revision's) give the item `object_id`."""
    tag_ids = {
        version.field_dict["tag_id"]
        for version in versions
        if version._model is TaggedItem and str(version.field_dict["object_id"]) == object_id
    }
    return sorted(
        version.field_dict["name"]
        for version in versions
        if version._model is Tag and version.field_dict["id"] in tag_ids
    )


def to_json(snapshot):
    """Return `snapshot` as JSON values (dates as ISO strings), for a draft."""
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def from_json(model, data):
    """Return the snapshot that to_json() wrote, with Python values again."""
    snapshot = {}
    for field in tracked_fields(model):
        if field.name not in data:
            continue
        value = data[field.name]
        if not field.many_to_many and not isinstance(field, models.FileField):
            value = field.to_python(value)
        snapshot[field.name] = value
    return snapshot


def apply_to_instance(obj, snapshot):
    """Set the snapshot's own-column values on `obj`, in memory only."""
    for field in tracked_fields(type(obj)):
        if field.name in snapshot and not field.many_to_many:
            setattr(obj, field.attname, snapshot[field.name])


def form_initial(model, snapshot):
    """Return a change form's initial values for the snapshot's many-to-many fields."""
    initial = {}
    for field in tracked_fields(model):
        if field.name in snapshot and field.many_to_many:
            value = snapshot[field.name]
            initial[field.name] = ", ".join(value) if isinstance(field, TaggableManager) else value
    return initial
