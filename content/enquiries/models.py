"""Enquiries sent through the contact form, and how staff triage them."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone

from content.core.models import ProductArea
from content.core.uploads import private_storage
from content.enquiries.attachments import AttachmentValidator, attachment_upload_to

# No 0/O or 1/I, so a reference read out on the phone is not misheard.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference():
    """Return a fresh reference such as TH-7K4P-Q9XM.

    Random rather than sequential, so a reference says nothing about how many
    enquiries the hub receives and cannot be guessed from another one.
    """
    characters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"TH-{characters[:4]}-{characters[4:]}"


def enquiry_assignees():
    """Return the active staff who may read enquiries: the only people to give one to."""
    users = get_user_model().objects
    # With several backends (axes' lockout check is one) with_perm must be
    # told which one grants permissions.
    grants = {"backend": "django.contrib.auth.backends.ModelBackend"}
    may_read = Q(pk__in=users.with_perm("enquiries.view_enquiry", **grants)) | Q(
        pk__in=users.with_perm("enquiries.change_enquiry", **grants)
    )
    return users.filter(may_read, is_staff=True).order_by("username")


class Enquiry(models.Model):
    """One message to the technical team, from the person who wrote it to its answer."""

    class Topic(models.TextChoices):
        SUPPORT = "support", "Technical support"
        DEMO = "demo", "A demo"
        DEPLOYMENT = "deployment", "Deployment or configuration"
        QUOTE = "quote", "A quote"
        ADVICE = "advice", "Advice"
        PARTNER = "partner", "Becoming a partner"
        SERVICES = "services", "Our global services"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in-progress", "In progress"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    company = models.CharField(max_length=200)
    topic = models.CharField(max_length=20, choices=Topic)
    product_area = models.ForeignKey(
        ProductArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="product area",
    )
    subject = models.CharField(max_length=200, blank=True)
    message = models.TextField(max_length=5000)
    attachment = models.FileField(
        upload_to=attachment_upload_to,
        storage=private_storage,
        max_length=200,
        blank=True,
        validators=[AttachmentValidator()],
    )
    consent = models.BooleanField(
        default=False, help_text="The person agreed that we keep these details to answer."
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
        help_text="The member of staff who answers this enquiry.",
    )
    internal_notes = models.TextField(
        "internal notes", blank=True, help_text="Only staff see these notes."
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)
    # When staff first moved it on from "New": the insights page's time to first response.
    first_response_at = models.DateTimeField(
        "first response at", null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name_plural = "enquiries"
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "created"])]
        # Exporting enquiries is its own permission, given to enquiry handlers only.
        permissions = [("export_enquiry", "Can export enquiries with personal data")]

    def __str__(self):
        return f"{self.reference} · {self.get_topic_display()}"

    def save(self, *args, **kwargs):
        if self.status != self.Status.NEW and self.first_response_at is None:
            self.first_response_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "first_response_at"}
        super().save(*args, **kwargs)
