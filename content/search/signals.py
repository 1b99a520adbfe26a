"""Keep the search index in step with content (saves, deletes, tag and area changes),
and the cached synonyms and pinned queries with editors' changes.

The index is derived data, so signals suit it: whatever saves an item (the
admin, its publish and unpublish actions, the demo loader, a shell) updates it.
Visibility is not indexed; the search query applies `published()` itself.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from content.core.models import Content, ProductArea
from content.search.documents import content_type_ids, document_for
from content.search.engine import index_items
from content.search.models import PromotedResult, Synonym, forget_editor_tools


def reindex(ids, **kwargs):
    # The index lives in the same database, so it commits or rolls back with
    # the change itself: no on_commit needed.
    ids = list(ids)
    if ids:
        index_items(ids, **kwargs)


@receiver(post_save)
def content_saved(sender, instance, raw=False, **kwargs):
    if isinstance(instance, Content) and not raw:
        reindex([instance.pk])


@receiver(post_delete)
def content_deleted(sender, instance, **kwargs):
    # The deleted item still has its text here: its words leave the index's
    # words too, unless another item holds them. (Its tags' and area's names
    # stay: they are the names of what still exists.)
    if isinstance(instance, Content):
        terms = document_for(instance, tags=[]).terms()
        reindex([instance.pk], deleted_terms=terms)


@receiver(m2m_changed, sender=TaggedItem)
def tags_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Content):
        reindex([instance.pk])


def tagged_with(tag):
    return TaggedItem.objects.filter(tag=tag, content_type_id__in=content_type_ids()).values_list(
        "object_id", flat=True
    )


@receiver(post_save, sender=Tag)
def tag_saved(sender, instance, created, **kwargs):
    # The tag's name is indexed with each of its items.
    if not created:
        reindex(tagged_with(instance))


@receiver(pre_delete, sender=Tag)
def tag_deleting(sender, instance, **kwargs):
    # Deleting a tag deletes its items' links without m2m_changed: note the
    # items now, and index them again once the tag has gone.
    instance.search_tagged_ids = list(tagged_with(instance))


@receiver(post_delete, sender=Tag)
def tag_deleted(sender, instance, **kwargs):
    reindex(getattr(instance, "search_tagged_ids", []))


@receiver(post_save, sender=ProductArea)
def area_saved(sender, instance, **kwargs):
    # The area's name is indexed with each of its items.
    reindex(Content.objects.filter(area=instance).values_list("pk", flat=True))


@receiver([post_save, post_delete], sender=Synonym)
@receiver([post_save, post_delete], sender=PromotedResult)
def editor_tools_changed(sender, **kwargs):
    # Now, for this request; and after commit, because a search that ran in
    # between read the old rows and may have cached them again.
    forget_editor_tools()
    transaction.on_commit(forget_editor_tools)
