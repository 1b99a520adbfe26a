from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content.core.models import Content, ProductArea


@admin.register(ProductArea)
class ProductAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "tagline"]
    list_editable = ["order"]
    search_fields = ["name", "tagline", "intro"]
    prepopulated_fields = {"slug": ["name"]}


class ContentAdmin(admin.ModelAdmin):
    """What every kind's admin shares: publishing, slugs, tags and a preview.

    A kind's admin sets `kind_fields`, the fields of its own model.
    """

    kind_fields = []
    list_display = ["title", "area", "status", "publish_at", "updated"]
    list_filter = ["status", "area", "tags"]
    list_select_related = ["area"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview", "author", "created", "updated"]
    date_hierarchy = "publish_at"
    actions = ["publish", "unpublish"]

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["title", "slug", "area", "summary", "body", "preview"]}),
            (self.model._meta.verbose_name.capitalize(), {"fields": self.kind_fields}),
            ("Publishing", {"fields": ["status", "publish_at", "tags"]}),
            ("History", {"fields": ["author", "created", "updated"], "classes": ["collapse"]}),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="Preview of the body as last saved")
    def preview(self, obj):
        if not obj.body_html:
            return "Save to see the rendered body."
        # body_html was sanitised by render_markdown when the item was saved.
        return format_html('<div class="hub-preview">{}</div>', mark_safe(obj.body_html))

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected items", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Content.Status.PUBLISHED, "published")

    @admin.action(description="Move the selected items back to draft", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Content.Status.DRAFT, "moved back to draft")

    def _set_status(self, request, queryset, status, verb):
        # save() one by one rather than update(), so that anything kept in step
        # with saves (the search index, caches) sees the change.
        items = list(queryset)
        for item in items:
            item.status = status
            item.save()
            self.log_change(request, item, f"Status set to {status}.")
        self.message_user(request, f"{len(items)} item(s) {verb}.", messages.SUCCESS)
