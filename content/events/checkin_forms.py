from django import forms

from content.core.forms import PersonDetailsMixin
from content.events.models import Registration


class WalkInForm(PersonDetailsMixin, forms.ModelForm):
    """Staff register someone who came without booking; the booking rules decide on a seat."""

    class Meta:
        model = Registration
        fields = ["name", "email", "company", "job_title", "consent"]
        labels = {"consent": "They agree to emails about this session"}
        help_texts = {
            "consent": "Needed: the materials, the survey and their certificate link come by "
            "email after the day."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", prefix="walk-in", **kwargs)
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = (
            "Ask the person and tick this box: the follow-up after the day comes by email."
        )


class PersonSearchForm(forms.Form):
    """Find people on the check-in list by a part of their name."""

    q = forms.CharField(label="Find by name", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    def filter(self, registrations):
        """Return `registrations` whose name contains the search; all of them without one."""
        if self.is_valid() and self.cleaned_data["q"].strip():
            return registrations.filter(name__icontains=self.cleaned_data["q"].strip())
        return registrations
