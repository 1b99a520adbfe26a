from django.contrib import admin
from django.template.defaultfilters import filesizeformat

from content.core.admin import ContentAdmin, publishing
from content.library.models import Asset, Feedback


class FeedbackInline(admin.TabularInline):
    model = Feedback
    fields = ["helpful", "comment", "updated"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Was this helpful? Answers"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Asset)
class AssetAdmin(ContentAdmin):
    kind_fields = [
        "asset_type",
        "file",
        "size",
        "download_count",
        "external_url",
        "format",
        "duration_minutes",
    ]
    list_display = [
        "title",
        "asset_type",
        "area",
        publishing,
        "publish_at",
        "size",
        "download_count",
        "helpful_yes",
        "helpful_no",
        "review_by",
    ]
    list_filter = ["asset_type", *ContentAdmin.list_filter]
    readonly_fields = [*ContentAdmin.readonly_fields, "size", "download_count"]
    inlines = [FeedbackInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_feedback_counts()

    @admin.display(description="file size", ordering="file_size")
    def size(self, obj):
        return filesizeformat(obj.file_size) if obj.file_size is not None else "–"

    @admin.display(description="helpful: yes", ordering="helpful_yes")
    def helpful_yes(self, obj):
        return obj.helpful_yes

    @admin.display(description="helpful: no", ordering="helpful_no")
    def helpful_no(self, obj):
        return obj.helpful_no


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-only: answers come from visitors, editors only read them."""

    list_display = ["asset", "helpful", "comment", "updated"]
    list_filter = ["helpful", "asset__asset_type", "asset__area"]
    list_select_related = ["asset"]
    search_fields = ["comment", "asset__title"]
    date_hierarchy = "updated"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
