"""Personal data in the admin: who may export it, and the record of each reading."""

from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from content.core.spreadsheets import csv_download
from content.privacy.models import AccessRecord


def can_export(user, model):
    """Return whether `user` holds the permission to export `model`'s personal data."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('export', opts)}")


def personal_data_export(*, request, model, name, header, rows, what):
    """Return a CSV download of `rows` of `model`, recorded as exported by the request's user."""
    with transaction.atomic():
        rows = list(rows)
        AccessRecord.objects.record(
            user=request.user,
            action=AccessRecord.Action.EXPORTED,
            model=model,
            what=what,
            rows=len(rows),
        )
        return csv_download(name=name, header=header, rows=rows)


def personal_data_opened(*, request, model, what, rows, object_id=""):
    """Record that the request's user opened a page showing `rows` rows of `model`."""
    AccessRecord.objects.record(
        user=request.user,
        action=AccessRecord.Action.OPENED,
        model=model,
        what=what,
        rows=rows,
        object_id=object_id,
    )


class PersonalDataAdmin(admin.ModelAdmin):
    """An admin of people's details: exporting takes its own permission, opening is recorded."""

    def access_name(self, obj):
        """Name `obj` in the access record without naming the person."""
        return f"{self.opts.verbose_name} {obj.pk}"

    def has_export_permission(self, request):
        return can_export(request.user, self.model)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Loading the page opens the item; a form shown again after a failed save does not.
        if obj is not None and request.method == "GET":
            personal_data_opened(
                request=request,
                model=self.model,
                what=self.access_name(obj),
                rows=1,
                object_id=obj.pk,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Who opened or exported personal data: read by superusers, edited by nobody."""

    list_display = ["at", "username", "action", "content_type", "item", "rows"]
    list_filter = ["action", ("content_type", admin.RelatedOnlyFieldListFilter), "at"]
    search_fields = ["username", "what"]
    date_hierarchy = "at"
    fields = ["at", "username", "action", "content_type", "item", "rows"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="what")
    def item(self, record):
        if not record.object_id:
            return record.what
        content_type = record.content_type
        url = reverse(
            f"{self.admin_site.name}:{content_type.app_label}_{content_type.model}_change",
            args=[record.object_id],
        )
        return format_html('<a href="{}">{}</a>', url, record.what)
