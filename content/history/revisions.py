"""What a revision holds, and recording and restoring deleted items.

django-reversion keeps the revisions: each is a `Revision` (who, when, what was
done) with one `Version` per row, serialised as JSON. An item's revision
holds its kind's row, its `Content` row, its links to tags and those tags, and
its former slugs; an area's holds the area. A session's revision holds the
session's own fields only: its registrations (personal data) are never
followed, so content editors who read a session's history see no attendee.

Revisions are written only inside the admin's `create_revision()` blocks
(content.history.admin), never by a public page.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from reversion.models import Revision, Version
from taggit.models import Tag, TaggedItem

from content.core.models import Content, ProductArea, SlugHistory
from content.history.models import Deletion
from content.history.snapshots import tag_names


def register_models():
    """Register every kind, the base content model, areas, tags and former slugs."""
    reversion.register(ProductArea, exclude=["intro_html"])
    # Tags are kept as rows of taggit's tables (`tags` is no column of its own),
    # and body_html is derived from the body on every save.
    reversion.register(Content, exclude=["tags", "body_html"], follow=["tag_links", "slug_history"])
    for kind in Content.kinds.values():
        reversion.register(kind, exclude=["tags"], follow=["content_ptr"])
    reversion.register(TaggedItem, follow=["tag"])
    reversion.register(Tag)
    reversion.register(SlugHistory)


def versions_of(model, pk):
    """Return the versions of one item, newest first, with who made them."""
    return (
        Version.objects.get_for_object_reference(model, pk)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def record_deletion(obj, *, user):
    """Keep a revision of `obj` as it is now, before it is deleted."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Deleted.")
        reversion.add_to_revision(obj)
        reversion.add_meta(
            Deletion,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
        )


class RestoreRefused(Exception):
    """A deleted item cannot come back as it was; the message says why."""


def deletion_restore(deletion, *, user):
    """Bring a deleted item back, with its tags and former slugs, as a new revision.

    Its rows are written back as they were, then checked as a save checks them
    (the model's validation: a slug taken since, a rule broken) and saved
    normally, so that search and the page cache see it. Refused, nothing stays.
    """
    model = deletion.content_type.model_class()
    versions = list(deletion.revision.version_set.all())
    own_models = [*reversed(list(model._meta.get_parent_list())), model]
    try:
        with transaction.atomic():
            for own_model in own_models:
                for version in versions:
                    if version._model is own_model and version.object_id == deletion.object_id:
                        version.revert()
            obj = model.objects.get(pk=deletion.object_id)
            obj.full_clean()
            with reversion.create_revision():
                reversion.set_user(user)
                reversion.set_comment("Restored after it was deleted.")
                obj.save()
                if isinstance(obj, Content):
                    obj.tags.set(tag_names(versions, deletion.object_id), clear=True)
                    _restore_former_slugs(versions, obj)
                    reversion.add_to_revision(obj)
            deletion.delete()
    except ValidationError as error:
        raise RestoreRefused(" ".join(error.messages)) from error
    except IntegrityError as error:
        raise RestoreRefused(
            "Another item now has its address (slug). Change that item's slug, then try again."
        ) from error
    return obj


def _restore_former_slugs(versions, obj):
    for version in versions:
        if version._model is SlugHistory:
            slug = version.field_dict["slug"]
            taken = Content.objects.filter(kind=obj.kind, slug=slug).exists()
            if slug != obj.slug and not taken:
                SlugHistory.objects.update_or_create(
                    kind=obj.kind, slug=slug, defaults={"content": obj}
                )


def deleted_prune():
    """Remove the revisions of items deleted more than HISTORY_DELETED_DAYS ago;
    return how many items were forgotten.

    A revision that held other items too (a bulk action) keeps their versions.
    """
    forgotten = 0
    for deletion in Deletion.objects.expired().select_related("content_type"):
        model = deletion.content_type.model_class()
        if not model._default_manager.filter(pk=deletion.object_id).exists():
            for own_model in [model, *model._meta.get_parent_list()]:
                Version.objects.get_for_object_reference(own_model, deletion.object_id).delete()
            forgotten += 1
        deletion.delete()
    # What is left of those revisions is their tags and former slugs, of no item.
    item_types = ContentType.objects.get_for_models(ProductArea, Content, *Content.kinds.values())
    Revision.objects.exclude(version__content_type__in=item_types.values()).delete()
    return forgotten
