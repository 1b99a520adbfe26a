from django.contrib import admin
from django.utils.html import format_html

from content.images.forms import ImageUploadForm
from content.images.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """The image library. An image is uploaded once; afterwards only its description changes."""

    list_display = ["thumbnail", "alt", "size", "uploaded", "markdown_text"]
    list_display_links = ["alt"]
    search_fields = ["alt"]
    date_hierarchy = "uploaded"
    readonly_fields = ["thumbnail", "size", "markdown_text", "uploaded", "uploaded_by"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ImageUploadForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "alt"]
        return ["thumbnail", "alt", "size", "markdown_text", "uploaded", "uploaded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            obj.store(form.decoded)

    @admin.display(description="image")
    def thumbnail(self, obj):
        # alt="": the description is beside it, in the list and the form.
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" class="image-thumbnail">',
            obj.url(obj.widths[0]),
            120,
            obj.height_at(120),
        )

    @admin.display(description="size in pixels")
    def size(self, obj):
        return f"{obj.width} × {obj.height} ({obj.image_format})"

    @admin.display(description="Markdown to show it")
    def markdown_text(self, obj):
        return format_html("<code>{}</code>", obj.markdown)
