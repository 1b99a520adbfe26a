from django.contrib import admin

from content.core.admin import ContentAdmin
from content.library.models import Asset


@admin.register(Asset)
class AssetAdmin(ContentAdmin):
    kind_fields = ["asset_type", "file", "external_url", "format", "duration_minutes"]
    list_display = ["title", "asset_type", "area", "status", "publish_at"]
    list_filter = ["asset_type", *ContentAdmin.list_filter]
