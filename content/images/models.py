"""The image library: images staff put in Markdown bodies, served by the hub itself."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse

from content.images.processing import FORMATS, image_encode, image_widths


class Image(models.Model):
    """An uploaded image, kept clean of metadata in several widths (see processing)."""

    alt = models.CharField(
        "description (alt text)",
        max_length=250,
        help_text="What the image shows, for people who cannot see it: "
        "“The quarantine list with one message selected”.",
    )
    image_format = models.CharField("format", max_length=4, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    uploaded = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-uploaded"]

    def __str__(self):
        return self.alt

    @property
    def extension(self):
        return FORMATS[self.image_format][0]

    @property
    def content_type(self):
        return FORMATS[self.image_format][1]

    @property
    def widths(self):
        return image_widths(self.width)

    def storage_name(self, width):
        return f"images/{self.pk}/{width}.{self.extension}"

    def url(self, width=None):
        """Return the hub's address of the image at `width` (its own by default)."""
        return reverse(
            "images:file",
            kwargs={"pk": self.pk, "width": width or self.width, "extension": self.extension},
        )

    @property
    def markdown(self):
        """Return the Markdown that shows the image in a body."""
        alt = self.alt.replace("[", "(").replace("]", ")")
        return f"![{alt}]({self.url()})"

    def store(self, image):
        """Store the clean PIL `image` in each of the image's widths."""
        for width in self.widths:
            data = image_encode(image, self.image_format, width)
            default_storage.save(self.storage_name(width), ContentFile(data))

    def height_at(self, width):
        return max(1, round(self.height * width / self.width))
