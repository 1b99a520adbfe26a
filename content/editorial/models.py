"""What the editorial workflow keeps: who has which change form open."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, models, transaction
from django.utils import timezone

# A change form that has not been heard from for this long is taken as closed.
# Its page says it is still open every PRESENCE_HEARTBEAT_SECONDS (static/js/editing.js).
PRESENCE_HEARTBEAT_SECONDS = 30
PRESENCE_SECONDS = 3 * PRESENCE_HEARTBEAT_SECONDS

logger = logging.getLogger(__name__)


def hint_only(write):
    """Run `write`; let its failure cost nothing but the hint.

    A busy database (SQLite's lock held by a save) must not turn a page or a
    heartbeat into an error: the next heartbeat writes again. The savepoint
    keeps an enclosing transaction (a change form being saved) usable.
    """
    try:
        with transaction.atomic():
            write()
    except DatabaseError:
        logger.warning("Could not note who has a change form open; the hint may lag.")


class EditingPresenceQuerySet(models.QuerySet):
    def of(self, item):
        return self.filter(
            content_type=ContentType.objects.get_for_model(item, for_concrete_model=False),
            object_id=str(item.pk),
        )

    def seen(self, *, item, user):
        """Note that `user` has the change form of `item` open, now."""
        now = timezone.now()

        def write():
            # Forms left without a goodbye (a closed laptop) would pile up.
            self.of(item).filter(seen__lt=now - timedelta(seconds=PRESENCE_SECONDS)).delete()
            self.update_or_create(
                content_type=ContentType.objects.get_for_model(item, for_concrete_model=False),
                object_id=str(item.pk),
                user=user,
                defaults={"seen": now},
            )

        hint_only(write)

    def left(self, *, item, user):
        """Note that `user` closed the change form of `item`."""
        hint_only(self.of(item).filter(user=user).delete)

    def others(self, *, item, user):
        """Return the other members of staff with the change form of `item` open."""
        recent = timezone.now() - timedelta(seconds=PRESENCE_SECONDS)
        rows = self.of(item).filter(seen__gte=recent).exclude(user=user).select_related("user")
        return [row.user for row in rows.order_by("seen")]


class EditingPresence(models.Model):
    """A member of staff has an item's change form open: a hint for others, not a lock.

    In the database, not the cache, so that every app server sees it with
    or without Redis. A row is one user and one item, refreshed in place.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen = models.DateTimeField(db_index=True)

    objects = EditingPresenceQuerySet.as_manager()

    class Meta:
        verbose_name = "editing presence"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="one_presence_per_user_item"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.content_type} {self.object_id}"


class ReviewReminder(models.Model):
    """When an owner was last emailed their items due for review (at most weekly)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    last_sent = models.DateTimeField(null=True)

    def __str__(self):
        return (
            f"{self.owner}: {self.last_sent:%Y-%m-%d %H:%M}" if self.last_sent else str(self.owner)
        )
