"""Admin for event managers. Every seat change goes through content.events.booking."""

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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
from content.events.forms import SessionAdminForm, SessionMessageForm, WallClockDateTimeField
from content.events.messaging import (
    session_message_counts,
    session_message_send,
    session_message_test_send,
)
from content.events.models import Registration, Session, SessionMessage, SurveyAnswer
from content.events.updates import (
    CannotCancel,
    session_cancel,
    session_change_notify,
    sessions_with_people,
)
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
        "cancelled_at",
        "people_messages",
        "materials",
        "slides",
    ]
    readonly_fields = [*ContentAdmin.readonly_fields, "cancelled_at", "people_messages"]
    list_display = [
        "title",
        "starts",
        "attendance",
        "city",
        "capacity",
        "confirmed",
        "waitlisted",
        "door",
        "after_the_day",
        publishing,
    ]
    list_filter = ["attendance", *ContentAdmin.list_filter]
    date_hierarchy = "starts_at"
    filter_horizontal = ["areas", "materials"]
    inlines = [RegistrationInline]
    actions = [*ContentAdmin.actions, "export_attendees", "cancel_sessions", "delete_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seat_counts().with_outcomes()

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
        if session and self._delete_refused(request, Session.objects.filter(pk=session.pk)):
            return redirect("admin:events_session_change", session.pk)
        extra_context = {**(extra_context or {}), **places_held(sessions)}
        return super().delete_view(request, object_id, extra_context)

    def _delete_refused(self, request, sessions):
        """Refuse, with a pointer to cancelling, to delete sessions people expect to attend."""
        held = sessions_with_people(sessions)
        if not held:
            return False
        names = ", ".join(f"“{session.title}”" for session in held)
        self.message_user(
            request,
            f"Not deleted: {names} still {'has' if len(held) == 1 else 'have'} confirmed or "
            "waitlisted people. Cancel instead (action “Cancel the selected sessions and "
            "email their people”): everyone is told, calendars are updated and the page "
            "says the session was cancelled.",
            messages.ERROR,
        )
        return True

    @admin.action(description="Delete the selected sessions", permissions=["delete"])
    def delete_selected(self, request, queryset):
        if self._delete_refused(request, queryset):
            return None
        response = delete_selected(self, request, queryset)
        # The confirmation page, not the redirect once deleted: name what is lost.
        if isinstance(response, TemplateResponse):
            response.context_data.update(places_held(queryset))
        return response

    @admin.display(description="Messages to its people")
    def people_messages(self, session):
        """List what the session's people were written (no names: subjects and counts),
        with a link to write to them."""
        if session.pk is None:
            return "Save the session first."
        compose = reverse("admin:events_sessionmessage_add") + f"?session={session.pk}"
        sent = format_html_join(
            "",
            "<li>{} — to {} ({} people), {} by {}</li>",
            (
                (
                    message.subject,
                    message.audience_text(),
                    message.recipients,
                    f"{message.created:%d %b %Y %H:%M}",
                    message.author or "someone since removed",
                )
                for message in session.messages.select_related("author")
            ),
        )
        return format_html(
            '<ul class="session-messages">{}</ul><a href="{}">Write to its people</a>',
            sent or mark_safe("<li>None yet.</li>"),
            compose,
        )

    @admin.display(description="Confirmed", ordering="confirmed_count")
    def confirmed(self, session):
        return session.confirmed_count

    @admin.display(description="Waitlisted", ordering="waitlisted_count")
    def waitlisted(self, session):
        return session.waitlisted_count

    @admin.action(
        description="Cancel the selected sessions and email their people", permissions=["change"]
    )
    def cancel_sessions(self, request, queryset):
        """Ask first, naming how many people will be told; then cancel each session."""
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": "Cancel these sessions?",
                "opts": self.opts,
                "sessions": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                **places_held(queryset),
            }
            return TemplateResponse(
                request, "admin/events/session/cancel_confirmation.html", context
            )
        cancelled = 0
        for session in queryset:
            try:
                told = session_cancel(session=session)
            except CannotCancel:
                continue
            self.log_change(request, session, f"Cancelled; {told} person(s) emailed.")
            cancelled += 1
        action_report(
            self,
            request,
            done=f"{cancelled} session(s) cancelled; their people were emailed",
            count=cancelled,
            skipped=len(queryset) - cancelled,
            skipped_because="already cancelled, or over",
        )
        return None

    @admin.display(description="Door")
    def door(self, session):
        url = reverse("events:checkin-list", kwargs={"slug": session.slug})
        return format_html('<a href="{}">Check-in list</a>', url)

    @admin.display(description="After the day")
    def after_the_day(self, session):
        """Who came, who did not, and what they thought: for sessions that have ended."""
        if not session.has_ended:
            return "–"
        survey = "no survey answers"
        if session.survey_count:
            answers = reverse("admin:events_surveyanswer_changelist")
            survey = format_html(
                '<a href="{}?registration__session__id__exact={}">survey {} / 5 ({} answers)</a>',
                answers,
                session.pk,
                f"{session.survey_average:.1f}",
                session.survey_count,
            )
        return format_html(
            "{} attended, {} no-shows, {}", session.attended_count, session.no_show_count, survey
        )

    def save_model(self, request, obj, form, change):
        before = Session.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        told = session_change_notify(before=before, session=obj) if before else 0
        if told:
            self.message_user(
                request,
                f"{told} person(s) were emailed what changed, with an updated calendar entry "
                "for confirmed seats.",
                messages.SUCCESS,
            )
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


def action_report(model_admin, request, *, done, count, skipped, skipped_because):
    """Tell the user what an action did, and why it skipped what it skipped."""
    text = f"{done}."
    if skipped:
        text += f" {skipped} skipped: {skipped_because}."
    model_admin.message_user(request, text, messages.SUCCESS if count else messages.WARNING)


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
        if adding and session and session.is_cancelled:
            raise forms.ValidationError("This session was cancelled: it takes no registrations.")
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
        action_report(
            self,
            request,
            done=f"{count} registration(s) {done}",
            count=count,
            skipped=len(queryset) - count,
            skipped_because=skipped_because,
        )

    @admin.action(description="Mark the selected as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        self._apply(
            request,
            queryset,
            registration_mark_attended,
            "Marked attended.",
            "marked attended",
            "only confirmed people can be marked attended, from two hours before the "
            "session's start on",
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


@admin.register(SessionMessage)
class SessionMessageAdmin(admin.ModelAdmin):
    """Messages to a session's people: written, previewed and tested here, sent by the
    worker (content.events.messaging), then kept read only as the session's log."""

    list_display = ["subject", "session", "audience_text", "recipients", "author", "created"]
    list_filter = ["session"]
    list_select_related = ["session", "author"]
    fields = ["session", "audience_text", "subject", "body", "author", "recipients", "created"]
    readonly_fields = fields

    @admin.display(description="sent to")
    def audience_text(self, message):
        return message.audience_text()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Write a message; Preview and "Send a test to me" keep it on the page, Send sends it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SessionMessageForm(
            request.POST or None, initial={"session": request.GET.get("session")}
        )
        preview = counts = None
        if request.method == "POST" and form.is_valid():
            message = form.message(author=request.user)
            if "_send" in request.POST:
                told = session_message_send(message=message)
                self.log_addition(request, message, f"Sent to {told} person(s).")
                self.message_user(
                    request,
                    f"“{message.subject}” is on its way to {told} person(s).",
                    messages.SUCCESS,
                )
                return redirect("admin:events_session_change", message.session_id)
            if "_test" in request.POST:
                self._test_send(request, form, message)
            preview = message
            counts = session_message_counts(session=message.session)
        context = {
            **self.admin_site.each_context(request),
            "title": "Write to a session's people",
            "opts": self.opts,
            "form": form,
            "preview": preview,
            "counts": counts,
            "addressed": sum(counts[status] for status in preview.audience) if preview else 0,
        }
        return TemplateResponse(request, "admin/events/sessionmessage/compose.html", context)

    def _test_send(self, request, form, message):
        address = request.user.email
        if not address:
            form.add_error(None, "Your account has no email address: add one to get a test.")
        elif session_message_test_send(message=message, to=address):
            self.message_user(request, f"A test went to you at {address}.", messages.SUCCESS)
        else:
            form.add_error(None, "Your address has had as many emails as we send in a day.")


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(admin.ModelAdmin):
    """The survey after the day, per session: read only, and naming nobody."""

    list_display = ["session", "rating", "comment", "created"]
    list_filter = [("registration__session", admin.RelatedOnlyFieldListFilter), "rating"]
    list_select_related = ["registration__session"]
    fields = ["session", "rating", "comment", "created"]
    readonly_fields = fields

    @admin.display(description="session", ordering="registration__session__starts_at")
    def session(self, answer):
        return answer.registration.session

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
