"""Admin for event managers. Every seat change goes through content.events.booking."""

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.template.response import TemplateResponse

from content.core.admin import ContentAdmin, ReadOnlyInline, publishing
from content.events.booking import (
    SessionFull,
    promotions_record,
    registration_cancel,
    registration_create,
    registration_mark_attended,
    registration_promote,
    registration_unmark_attended,
    waitlist_promote,
)
from content.events.forms import SessionAdminForm, WallClockDateTimeField
from content.events.models import Registration, Session
from content.privacy.admin import (
    PersonalDataAdmin,
    can_export,
    personal_data_export,
    personal_data_opened,
)

DELETED_SEAT = "a deleted registration's seat was freed"
CSV_COLUMNS = ["Session", "Starts at", "Name", "Email", "Company", "Job title", "Status", "Notes"]


def attendee_rows(registrations):
    """Yield one CSV row of CSV_COLUMNS per registration."""
    for registration in registrations:
        session = registration.session
        yield [
            session.title,
            session.starts_at.isoformat(),
            registration.name,
            registration.email,
            registration.company,
            registration.job_title,
            registration.get_status_display(),
            registration.notes,
        ]


class RegistrationInline(ReadOnlyInline, admin.TabularInline):
    """The session's registrations, read only: seats change through actions."""

    model = Registration
    fields = ["name", "email", "company", "job_title", "status", "created"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        # Only those allowed to see registrations get here; loading the page opens them all.
        rows = obj.registrations.count() if obj else 0
        if rows and request.method == "GET":
            personal_data_opened(
                request=request,
                model=Registration,
                what=f"registrations of {obj.title} (session {obj.pk})",
                rows=rows,
            )
        return super().get_formset(request, obj, **kwargs)


@admin.register(Session)
class SessionAdmin(ContentAdmin):
    form = SessionAdminForm
    # The zone comes first: the times below it are read in it.
    kind_fields = [
        "time_zone",
        "starts_at",
        "ends_at",
        "attendance",
        "venue",
        "city",
        "join_url",
        "join_url_due",
        "capacity",
        "areas",
        "registration_opens_at",
        "registration_closes_at",
    ]
    list_display = [
        "title",
        "starts",
        "attendance",
        "city",
        "capacity",
        "confirmed",
        "waitlisted",
        publishing,
    ]
    list_filter = ["attendance", *ContentAdmin.list_filter]
    date_hierarchy = "starts_at"
    filter_horizontal = ["areas"]
    inlines = [RegistrationInline]
    actions = [*ContentAdmin.actions, "export_attendees", "delete_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seat_counts()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in SessionAdminForm.ZONED_FIELDS:
            kwargs["form_class"] = WallClockDateTimeField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Starts at", ordering="starts_at")
    def starts(self, session):
        """Say when the session starts where it happens, as its page does."""
        when = session.starts_at.astimezone(ZoneInfo(session.time_zone))
        return f"{when:%d %b %Y %H:%M} {when.tzname()} ({session.time_zone})"

    def delete_view(self, request, object_id, extra_context=None):
        session = self.get_object(request, object_id)
        sessions = [session] if session else []
        extra_context = {**(extra_context or {}), **places_held(sessions)}
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description="Delete the selected sessions", permissions=["delete"])
    def delete_selected(self, request, queryset):
        response = delete_selected(self, request, queryset)
        # The confirmation page, not the redirect once deleted: name what is lost.
        if isinstance(response, TemplateResponse):
            response.context_data.update(places_held(queryset))
        return response

    @admin.display(description="Confirmed", ordering="confirmed_count")
    def confirmed(self, session):
        return session.confirmed_count

    @admin.display(description="Waitlisted", ordering="waitlisted_count")
    def waitlisted(self, session):
        return session.waitlisted_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = waitlist_promote(session=obj)
            promotions_record(promoted, reason="capacity raised", user=request.user)
            if promoted:
                self.message_user(
                    request,
                    f"{len(promoted)} person(s) moved up from the waitlist and were emailed.",
                    messages.SUCCESS,
                )

    def has_export_attendees_permission(self, request):
        return can_export(request.user, Registration)

    @admin.action(
        description="Export attendees of the selected sessions as CSV",
        permissions=["export_attendees"],
    )
    def export_attendees(self, request, queryset):
        registrations = (
            Registration.objects.filter(session__in=queryset)
            .live()
            .select_related("session")
            .order_by("session__starts_at", "session", "status", "created")
        )
        sessions = ", ".join(f"{session.title} (session {session.pk})" for session in queryset)
        return personal_data_export(
            request=request,
            model=Registration,
            name="attendees",
            header=CSV_COLUMNS,
            rows=attendee_rows(registrations),
            what=f"attendees of {sessions}",
        )


def places_held(sessions):
    """Return how many people hold a seat or a waitlist place at `sessions`,
    for the delete confirmation."""
    held = Registration.objects.filter(session__in=sessions).live()
    return {
        "seated_count": held.seated().count(),
        "waitlisted_count": held.filter(status=Registration.Status.WAITLISTED).count(),
    }


def _promote_if_free(*, registration):
    try:
        return registration_promote(registration=registration)
    except SessionFull:
        return False


class RegistrationAdminForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["session", "name", "email", "company", "job_title", "notes", "consent"]

    def clean(self):
        cleaned = super().clean()
        session, email = cleaned.get("session"), cleaned.get("email")
        adding = self.instance.pk is None
        if adding and session and email and session.registrations.live().with_email(email).exists():
            raise forms.ValidationError(
                "This email address is already registered for this session."
            )
        return cleaned


@admin.register(Registration)
class RegistrationAdmin(PersonalDataAdmin):
    form = RegistrationAdminForm
    list_display = ["name", "email", "company", "session", "status", "created"]
    list_filter = ["status", "session"]
    list_select_related = ["session"]
    search_fields = ["name", "email", "company"]
    readonly_fields = ["status", "created", "updated", "reminded_at", "purged_at"]
    actions = ["export_csv", "mark_attended", "unmark_attended", "promote", "cancel"]

    def get_readonly_fields(self, request, obj=None):
        # A registration never moves to another session: cancel and register again.
        return ["session", *self.readonly_fields] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # Staff may register someone outside the window, never past capacity.
        registration_create(registration=obj, check_window=False)
        self.message_user(request, f"{obj.name} is {obj.get_status_display().lower()}.")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._log_promotions(request, waitlist_promote(session=obj.session), DELETED_SEAT)

    def delete_queryset(self, request, queryset):
        # A deleted seat is a freed seat: it goes to the waitlist as on cancelling.
        sessions = list(Session.objects.filter(registrations__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for session in sessions:
            self._log_promotions(request, waitlist_promote(session=session), DELETED_SEAT)

    def _log_promotions(self, request, promoted, reason):
        promotions_record(promoted, reason=reason, user=request.user)

    @admin.action(description="Export the selected registrations as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        numbers = ", ".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return personal_data_export(
            request=request,
            model=Registration,
            name="registrations",
            header=CSV_COLUMNS,
            rows=attendee_rows(queryset.select_related("session")),
            what=f"registrations {numbers}",
        )

    def _apply(self, request, queryset, change, log_message, done, skipped_because):
        count = 0
        for registration in queryset.select_related("session"):
            if change(registration=registration):
                self.log_change(request, registration, log_message)
                count += 1
        skipped = len(queryset) - count
        text = f"{count} registration(s) {done}."
        if skipped:
            text += f" {skipped} skipped: {skipped_because}."
        self.message_user(request, text, messages.SUCCESS if count else messages.WARNING)

    @admin.action(description="Mark the selected as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        self._apply(
            request,
            queryset,
            registration_mark_attended,
            "Marked attended.",
            "marked attended",
            "only confirmed people can be marked attended, from the session's start on",
        )

    @admin.action(description="Undo “attended” for the selected", permissions=["change"])
    def unmark_attended(self, request, queryset):
        self._apply(
            request,
            queryset,
            registration_unmark_attended,
            "Attendance undone: confirmed again.",
            "set back to confirmed",
            "they were not marked attended",
        )

    @admin.action(description="Promote the selected from the waitlist", permissions=["change"])
    def promote(self, request, queryset):
        self._apply(
            request,
            queryset,
            _promote_if_free,
            "Promoted from the waitlist.",
            "promoted and emailed",
            "only waitlisted people move up, and only while seats are free",
        )

    @admin.action(description="Cancel the selected and email them", permissions=["change"])
    def cancel(self, request, queryset):
        def cancel_and_log_promotions(*, registration):
            promoted = registration_cancel(registration=registration)
            self._log_promotions(request, promoted or [], "a cancelled seat was freed")
            return promoted is not None

        self._apply(
            request,
            queryset,
            cancel_and_log_promotions,
            "Cancelled.",
            "cancelled and emailed",
            "only confirmed and waitlisted people can be cancelled",
        )
