from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from content.core.forms import HoneypotForm, HoneypotModelForm, PersonDetailsMixin
from content.core.markdown import render_markdown
from content.core.models import ProductArea
from content.events.models import Registration, Session, SessionMessage


class RegistrationForm(PersonDetailsMixin, HoneypotModelForm):
    """The public registration form; the booking rules decide the status."""

    class Meta:
        model = Registration
        fields = ["name", "email", "company", "job_title", "notes", "consent"]
        labels = {
            "name": "Your name",
            "email": "Work email",
            "notes": "Anything we should know (optional)",
            "consent": "Contact me by email about this session",
        }
        help_texts = {
            "email": "Your confirmation, calendar file and manage link go here.",
            "notes": "Access needs, dietary requirements, topics you hope we cover.",
            "consent": "Needed to register: we send the confirmation, changes and a "
            "reminder the day before. Nothing else.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, waitlist=False, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        if waitlist:
            # A place in the waitlist comes with no calendar file: none is promised.
            self.fields[
                "email"
            ].help_text = "Your place on the waitlist and your manage link go here."
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = (
            "Please tick this box: we need your agreement to email you about the session."
        )


class SessionFilterForm(forms.Form):
    """The session list's filters, from the query string: area, month, attendance.

    Each is optional; the months offered are those of the sessions listed.
    Choices cost two queries, whatever the number of sessions.
    """

    area = forms.ChoiceField(label="Product area", required=False)
    month = forms.ChoiceField(required=False)
    attendance = forms.ChoiceField(
        label="Attendance",
        required=False,
        choices=[("", "In person or online"), *Session.Attendance.choices],
    )

    def __init__(self, data, *, sessions):
        super().__init__(data, auto_id="filter-%s", label_suffix="")
        self.fields["area"].choices = [
            ("", "Any area"),
            *ProductArea.objects.values_list("slug", "name"),
        ]
        months = sessions.order_by().datetimes("starts_at", "month")
        self.fields["month"].choices = [
            ("", "Any month"),
            *((f"{month:%Y-%m}", f"{month:%B %Y}") for month in months),
        ]

    @property
    def is_active(self):
        return any(self.data.get(name) for name in self.fields)

    def filter(self, sessions):
        """Return `sessions` narrowed by the filters that are valid; others are left out."""
        self.is_valid()
        values = self.cleaned_data
        if values.get("area"):
            sessions = sessions.filter(
                Q(area__slug=values["area"]) | Q(areas__slug=values["area"])
            ).distinct()
        if values.get("month"):
            year, month = values["month"].split("-")
            sessions = sessions.filter(starts_at__year=year, starts_at__month=month)
        if values.get("attendance"):
            sessions = sessions.filter(attendance=values["attendance"])
        return sessions


class BookingLinkForm(HoneypotForm):
    """Ask for the address a registration was made with, to send its manage link there."""

    email = forms.EmailField(
        label="The email address you registered with",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)


class WallClockDateTimeField(forms.SplitDateTimeField):
    """A date and time as typed, with no zone yet: SessionAdminForm gives it the session's."""

    def compress(self, data_list):
        if not data_list:
            return None
        day, time = data_list
        if day in self.empty_values:
            raise forms.ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if time in self.empty_values:
            raise forms.ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return datetime.combine(day, time)


class TimeZoneSelect(forms.Select):
    """A select of the time zones whose options are written in one pass.

    Django writes each option through a template of its own: for some 600
    zones that was most of the time the session's admin page took.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (zone, " selected" if str(zone) in chosen else "", label)
                for zone, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class SessionAdminForm(forms.ModelForm):
    """Take and show a session's times in the session's own time zone.

    The site's zone (where the editor may be) says nothing about when a New
    York session starts. The times are shown as wall-clock times in the
    session's zone; on saving they are read in the zone chosen in the same
    form, so changing only the zone keeps the times as typed.
    """

    ZONED_FIELDS = ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]

    class Meta:
        widgets = {"time_zone": TimeZoneSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.time_zone if self.instance.pk else self.fields["time_zone"].initial
        for name in self.ZONED_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            field.help_text = " ".join(
                text
                for text in [
                    field.help_text,
                    f"In the session's time zone (now {zone}): change the zone above and "
                    "these times are read in the new one.",
                ]
                if text
            )
            value = self.initial.get(name)
            if isinstance(value, datetime) and timezone.is_aware(value):
                self.initial[name] = timezone.make_naive(value, ZoneInfo(zone))

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            return cleaned
        zone = ZoneInfo(zone_name)
        for name in self.ZONED_FIELDS:
            value = cleaned.get(name)
            if isinstance(value, datetime) and timezone.is_naive(value):
                aware = timezone.make_aware(value, zone)
                # A time the clocks skip comes back another time via UTC.
                if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
                    self.add_error(
                        name,
                        f"{value:%H:%M} does not exist on {value:%-d %B %Y} in {zone_name}: "
                        "the clocks go forward then. Choose another time.",
                    )
                    continue
                cleaned[name] = aware
        if "capacity" in cleaned and self.instance.pk:
            seated = self.instance.registrations.seated().count()
            if cleaned["capacity"] < seated:
                self.add_error(
                    "capacity",
                    f"{seated} seats are confirmed, so the capacity cannot be lower than "
                    f"{seated}. Cancel registrations first to make the session smaller.",
                )
        return cleaned


class SessionMessageForm(forms.ModelForm):
    """What an event manager writes to a session's people, and to whom."""

    audience = forms.MultipleChoiceField(
        label="Send to",
        choices=[
            (status, f"{label} people")
            for status, label in Registration.Status.choices
            if status in SessionMessage.AUDIENCES
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text="Each person gets it once, with their own name and manage link.",
    )

    class Meta:
        model = SessionMessage
        fields = ["session", "audience", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.order_by("-starts_at")

    def message(self, *, author):
        """Return the message as written, unsaved, with its body rendered for a preview."""
        message = self.save(commit=False)
        message.author = author
        message.body_html = render_markdown(message.body)
        return message
