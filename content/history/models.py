"""Drafts of live items, and the deletions that "Recently deleted" lists.

Revisions themselves are django-reversion's `Revision` and `Version` rows
(see content.history.revisions). No public page reads any of these tables.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from reversion.models import Revision


class DraftQuerySet(models.QuerySet):
    def for_object(self, obj):
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=str(obj.pk))


class Draft(models.Model):
    """Changes to a live item or area, kept aside until someone publishes them.

    `data` is a snapshot (content.history.snapshots): the values of the
    fields staff edit, its tags and other areas. Publishing saves them
    through the admin's form; nothing public reads this table.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=40)
    data = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_draft_per_item")
        ]

    def __str__(self):
        return f"Draft of {self.content_type.model} {self.object_id}"


class DeletionQuerySet(models.QuerySet):
    def recent(self):
        """Return deletions still restorable: within HISTORY_DELETED_DAYS, newest first."""
        return self.filter(deleted_at__gte=deleted_cutoff()).order_by("-deleted_at")

    def expired(self):
        return self.filter(deleted_at__lt=deleted_cutoff())


def deleted_cutoff():
    return timezone.now() - timedelta(days=settings.HISTORY_DELETED_DAYS)


class Deletion(models.Model):
    """An item deleted in the admin: its last revision, taken just before it went."""

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="deletion")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = DeletionQuerySet.as_manager()

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self):
        return self.object_repr
