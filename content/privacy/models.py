"""The record of who read personal data in the admin."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AccessRecordQuerySet(models.QuerySet):
    def record(self, *, user, action, model, what, rows, object_id=""):
        """Write down that `user` read `rows` rows of `model`, described by `what`."""
        return self.create(
            user=user,
            username=user.get_username(),
            action=action,
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(object_id),
            what=what,
            rows=rows,
        )


class AccessRecord(models.Model):
    """One opening or export of personal data: who, when, what, how many rows."""

    class Action(models.TextChoices):
        OPENED = "opened", "Opened"
        EXPORTED = "exported", "Exported"

    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Kept apart from `user` so the record still says who after the account is deleted.
    username = models.CharField("who", max_length=150)
    action = models.CharField(max_length=10, choices=Action)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name="kind of data"
    )
    object_id = models.CharField(
        "item", max_length=64, blank=True, help_text="The item opened; empty for an export."
    )
    # Names rows by number or reference only: the record itself holds nobody's personal data.
    what = models.TextField()
    rows = models.PositiveIntegerField()

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        # No permission exists to grant a group: only superusers read the record.
        default_permissions = ()

    def __str__(self):
        return f"{self.username} {self.get_action_display().lower()} {self.what}"
