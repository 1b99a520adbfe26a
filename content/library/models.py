from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from content.core.models import Content, ContentQuerySet


class AssetQuerySet(ContentQuerySet):
    def updates(self):
        """Return technical updates and blogs, the kinds that have a feed."""
        return self.filter(asset_type__in=Asset.NEWS_TYPES)

    def latest_per_type(self, limit):
        """Return the newest `limit` assets of each type, in one query."""
        # Rank keys only, then fetch the few winning rows: ranking whole rows
        # would sort every column of every matching asset (84 -> 43 ms for an
        # area of 2,500 assets).
        ranked = self.annotate(
            rank_in_type=Window(
                RowNumber(), partition_by=F("asset_type"), order_by=F("publish_at").desc()
            )
        ).filter(rank_in_type__lte=limit)
        return self.model.objects.filter(pk__in=ranked.values("pk"))


class Asset(Content):
    """A piece of technical material: a guide, a walkthrough, a template."""

    KIND = "asset"
    detail_url_name = "library:detail"

    class Type(models.TextChoices):
        DEMO_WALKTHROUGH = "demo-walkthrough", "Demo walkthrough"
        IMPLEMENTATION_GUIDE = "implementation-guide", "Implementation guide"
        CONFIGURATION_RESOURCE = "configuration-resource", "Configuration resource"
        OPERATIONAL_GUIDE = "operational-guide", "Operational guide"
        TECHNICAL_BLOG = "technical-blog", "Technical blog"
        TECHNICAL_UPDATE = "technical-update", "Technical update"
        TRAINING_MODULE = "training-module", "Training module"
        SIMULATION_KIT = "simulation-kit", "Phishing simulation kit"
        BEST_PRACTICE = "best-practice", "Best practice"
        DETECTION_FRAMEWORK = "detection-framework", "Detection framework"
        POLICY_TEMPLATE = "policy-template", "Policy template"
        RESPONSE_PLAYBOOK = "response-playbook", "Response playbook"

    NEWS_TYPES = [Type.TECHNICAL_UPDATE, Type.TECHNICAL_BLOG]

    asset_type = models.CharField("type", max_length=30, choices=Type)
    file = models.FileField(
        upload_to="assets/%Y/%m/",
        blank=True,
        help_text="The file to download. Leave empty when the asset is a link.",
    )
    external_url = models.URLField(
        "external link",
        blank=True,
        help_text="Where the asset lives elsewhere, instead of a file.",
    )
    format = models.CharField(
        max_length=30, blank=True, help_text="How it comes: PDF, Video, Slides, Web page."
    )
    duration_minutes = models.PositiveIntegerField(
        "duration (minutes)",
        null=True,
        blank=True,
        help_text="For videos and walkthroughs: how long it takes.",
    )

    objects = AssetQuerySet.as_manager()

    class Meta:
        verbose_name = "technical asset"
        ordering = ["-publish_at"]

    @property
    def label(self):
        return self.get_asset_type_display()

    def clean(self):
        super().clean()
        if self.file and self.external_url:
            raise ValidationError("Give either a file or an external link, not both.")
