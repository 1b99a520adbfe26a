from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from content.core.uploads import file_type_of, stored_file_response
from content.enquiries.emails import enquiry_assigned_email_send
from content.enquiries.models import Enquiry, enquiry_assignees
from content.privacy.admin import PersonalDataAdmin, personal_data_export, personal_data_opened

CSV_COLUMNS = [
    "Reference",
    "Received",
    "Status",
    "Topic",
    "Product area",
    "Subject",
    "Name",
    "Email",
    "Company",
    "Message",
    "Assignee",
    "Internal notes",
]


@admin.register(Enquiry)
class EnquiryAdmin(PersonalDataAdmin):
    """Triage: who asked what, its status, who answers it, and notes for staff."""

    list_display = ["reference", "created", "name", "company", "topic", "status", "assignee"]
    list_filter = ["status", "topic", "product_area", "assignee", "created"]
    list_select_related = ["product_area", "assignee"]
    search_fields = ["reference", "name", "email", "company", "subject", "message"]
    date_hierarchy = "created"
    readonly_fields = [
        "reference",
        "created",
        "updated",
        "first_response_at",
        "name",
        "email",
        "company",
        "topic",
        "product_area",
        "subject",
        "message",
        "attachment_link",
        "consent",
    ]
    fieldsets = [
        ("Triage", {"fields": ["status", "assignee", "internal_notes"]}),
        (
            "What was sent",
            {
                "fields": [
                    "reference",
                    "created",
                    "topic",
                    "product_area",
                    "subject",
                    "message",
                    "attachment_link",
                ]
            },
        ),
        ("Who sent it", {"fields": ["name", "email", "company", "consent"]}),
        ("History", {"fields": ["updated", "first_response_at"], "classes": ["collapse"]}),
    ]
    actions = ["export_csv", "mark_in_progress", "mark_answered", "mark_closed"]

    def has_add_permission(self, request):
        # Enquiries come from the contact form, never from staff.
        return False

    def access_name(self, obj):
        return f"enquiry {obj.reference}"

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/attachment/",
                self.admin_site.admin_view(self.attachment_view),
                name=f"{opts.app_label}_{opts.model_name}_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, object_id):
        """Download an enquiry's attachment, recorded like opening the enquiry.

        Always as a download, never shown in the browser: the file comes from
        someone outside.
        """
        enquiry = self.get_object(request, object_id)
        if enquiry is None:
            raise Http404("No such enquiry.")
        if not self.has_view_permission(request, enquiry):
            raise PermissionDenied
        response = stored_file_response(
            enquiry.attachment, filename=f"{enquiry.reference}-attachment"
        )
        if request.method == "GET":  # a HEAD request reads nothing
            personal_data_opened(
                request=request,
                model=Enquiry,
                what=f"the attachment of enquiry {enquiry.reference}",
                rows=1,
                object_id=enquiry.pk,
            )
        return response

    @admin.display(description="attachment")
    def attachment_link(self, obj):
        if not obj.attachment:
            return "No file attached."
        url = reverse(f"{self.admin_site.name}:enquiries_enquiry_attachment", args=[obj.pk])
        return format_html(
            '<a href="{}">Download the attached {} file</a> (each download is recorded)',
            url,
            file_type_of(obj.attachment.name).label,
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = enquiry_assignees()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Whoever takes an enquiry for themselves needs no email about it.
        assignee = obj.assignee if "assignee" in form.changed_data else None
        if assignee and assignee != request.user and assignee.email:
            enquiry_assigned_email_send(enquiry=obj, assigned_by=request.user)

    @admin.action(description="Export the selected enquiries as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        rows = (
            [
                enquiry.reference,
                timezone.localtime(enquiry.created).isoformat(timespec="minutes"),
                enquiry.get_status_display(),
                enquiry.get_topic_display(),
                enquiry.product_area,
                enquiry.subject,
                enquiry.name,
                enquiry.email,
                enquiry.company,
                enquiry.message,
                enquiry.assignee.get_username() if enquiry.assignee else "",
                enquiry.internal_notes,
            ]
            for enquiry in queryset.select_related("product_area", "assignee")
        )
        references = ", ".join(queryset.values_list("reference", flat=True))
        return personal_data_export(
            request=request,
            model=Enquiry,
            name="enquiries",
            header=CSV_COLUMNS,
            rows=rows,
            what=f"enquiries {references}",
        )

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
        # One save per enquiry, so that each one's History says who changed it.
        label = Enquiry.Status(status).label
        enquiries = list(queryset.exclude(status=status))
        for enquiry in enquiries:
            enquiry.status = status
            enquiry.save(update_fields=["status", "updated"])
            self.log_change(request, enquiry, f"Status set to {label}.")
        self.message_user(
            request, f"{len(enquiries)} enquiry(ies) marked {label.lower()}.", messages.SUCCESS
        )
