from django.contrib import admin

from content.core.admin import ContentAdmin
from content.events.models import Registration, Session


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = ["name", "email", "company", "job_title", "status", "created"]
    readonly_fields = ["created"]
    extra = 0
    show_change_link = True


@admin.register(Session)
class SessionAdmin(ContentAdmin):
    kind_fields = [
        "starts_at",
        "ends_at",
        "time_zone",
        "attendance",
        "venue",
        "city",
        "join_url",
        "capacity",
        "registration_opens_at",
        "registration_closes_at",
    ]
    list_display = ["title", "starts_at", "attendance", "city", "capacity", "status"]
    list_filter = ["attendance", *ContentAdmin.list_filter]
    date_hierarchy = "starts_at"
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "company", "session", "status", "created"]
    list_filter = ["status", "session"]
    list_select_related = ["session"]
    search_fields = ["name", "email", "company"]
    readonly_fields = ["created", "updated"]
