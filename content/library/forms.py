from django import forms

from content.core.forms import HoneypotModelForm
from content.library.models import Feedback


class FeedbackForm(HoneypotModelForm):
    helpful = forms.TypedChoiceField(
        label="Was this helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )

    class Meta:
        model = Feedback
        fields = ["helpful", "comment"]
        labels = {"comment": "Anything to add? (optional)"}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}
