from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html

from content.core.admin import ContentAdmin, FeedbackAdmin, ReadOnlyInline, publishing
from content.core.storage import FileNotStored
from content.library.models import Asset, Feedback
from content.library.views import asset_file_response


class FeedbackInline(ReadOnlyInline, admin.StackedInline):
    # Stacked: Django's tabular inline leaves header cells empty, which screen
    # readers announce as nothing (axe's empty-table-header).
    model = Feedback
    fields = ["helpful", "comment", "updated"]
    verbose_name_plural = "Was this helpful? Answers"


@admin.register(Asset)
class AssetAdmin(ContentAdmin):
    kind_fields = [
        "asset_type",
        "file",
        "open_file",
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
    readonly_fields = [*ContentAdmin.readonly_fields, "open_file", "size", "download_count"]
    inlines = [FeedbackInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "file":
            # Django groups a file input with its "clear" box under a legend,
            # which names no input when there is no file yet: a plain label does.
            field.widget.use_fieldset = False
        return field

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except FileNotStored as error:
            # The transaction rolled back and the storage removed what it wrote:
            # show the form again, with what was typed and why nothing was saved.
            request.file_not_stored = str(error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        reason = getattr(request, "file_not_stored", None)
        if reason is None:
            return form

        def clean_file(self):
            raise ValidationError(
                "The file could not be stored (%(reason)s), so nothing was saved. "
                "Please try again later, and tell whoever runs the hub if it happens again.",
                code="file_not_stored",
                params={"reason": reason},
            )

        return type(form.__name__, (form,), {"clean_file": clean_file})

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/file/",
                self.admin_site.admin_view(self.file_view),
                name=f"{opts.app_label}_{opts.model_name}_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, object_id):
        """Open an asset's file, live or not, for staff who may see the asset.

        Staff opening a file is not a download, so nothing is counted.
        """
        asset = self.get_object(request, object_id)
        if asset is None or not self.has_view_or_change_permission(request, asset):
            raise Http404("No such asset.")
        return asset_file_response(asset)

    @admin.display(description="open the file")
    def open_file(self, obj):
        if not obj.file:
            return "No file saved."
        url = reverse(f"{self.admin_site.name}:library_asset_file", args=[obj.pk])
        return format_html(
            '<a href="{}">Download the saved file</a> '
            "(works before the asset is live; the public download opens once it is)",
            url,
        )

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
class AssetFeedbackAdmin(FeedbackAdmin):
    list_filter = [*FeedbackAdmin.list_filter, "asset__asset_type"]
