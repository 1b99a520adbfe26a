from django import forms

from content.core.forms import HoneypotModelForm, PersonDetailsMixin
from content.events.models import Registration


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = (
            "Please tick this box: we need your agreement to email you about the session."
        )
