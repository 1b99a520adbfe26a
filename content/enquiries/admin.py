import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone

from content.enquiries.models import Enquiry

CSV_COLUMNS = [
    ("reference", "Reference"),
    ("created", "Received"),
    ("status", "Status"),
    ("topic", "Topic"),
    ("product_area", "Product area"),
    ("name", "Name"),
    ("email", "Email"),
    ("company", "Company"),
    ("message", "Message"),
    ("assignee", "Assignee"),
    ("internal_notes", "Internal notes"),
]


def spreadsheet_safe(value):
    """Return `value` as text that a spreadsheet will not run as a formula.

    A cell that starts with =, +, -, @ or a control character is a formula in
    Excel and LibreOffice; anyone can type one into the contact form.
    """
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    """Triage: who asked what, its status, who answers it, and notes for staff."""

    list_display = ["reference", "created", "name", "company", "topic", "status", "assignee"]
    list_filter = ["status", "topic", "product_area", "assignee", "created"]
    list_select_related = ["product_area", "assignee"]
    search_fields = ["reference", "name", "email", "company", "message"]
    date_hierarchy = "created"
    readonly_fields = [
        "reference",
        "created",
        "updated",
        "name",
        "email",
        "company",
        "topic",
        "product_area",
        "message",
        "consent",
    ]
    fieldsets = [
        ("Triage", {"fields": ["status", "assignee", "internal_notes"]}),
        (
            "What was sent",
            {"fields": ["reference", "created", "topic", "product_area", "message"]},
        ),
        ("Who sent it", {"fields": ["name", "email", "company", "consent"]}),
        ("History", {"fields": ["updated"], "classes": ["collapse"]}),
    ]
    actions = ["export_csv", "mark_in_progress", "mark_answered", "mark_closed"]

    def has_add_permission(self, request):
        # Enquiries come from the contact form, never from staff.
        return False

    @admin.action(description="Export the selected enquiries as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="enquiries-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow([label for _, label in CSV_COLUMNS])
        for enquiry in queryset.select_related("product_area", "assignee"):
            row = {
                **{field: getattr(enquiry, field) for field, _ in CSV_COLUMNS},
                "created": timezone.localtime(enquiry.created).isoformat(timespec="minutes"),
                "status": enquiry.get_status_display(),
                "topic": enquiry.get_topic_display(),
                "assignee": enquiry.assignee.get_username() if enquiry.assignee else "",
            }
            writer.writerow([spreadsheet_safe(row[field]) for field, _ in CSV_COLUMNS])
        return response

    @admin.action(description="Mark the selected enquiries in progress", permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, Enquiry.Status.IN_PROGRESS)

    @admin.action(description="Mark the selected enquiries answered", permissions=["change"])
    def mark_answered(self, request, queryset):
        self._set_status(request, queryset, Enquiry.Status.ANSWERED)

    @admin.action(description="Close the selected enquiries", permissions=["change"])
    def mark_closed(self, request, queryset):
        self._set_status(request, queryset, Enquiry.Status.CLOSED)

    def _set_status(self, request, queryset, status):
        count = queryset.update(status=status, updated=timezone.now())
        label = Enquiry.Status(status).label.lower()
        self.message_user(request, f"{count} enquiry(ies) marked {label}.", messages.SUCCESS)
