from django import forms

from content.core.forms import HoneypotModelForm
from content.events.models import SurveyAnswer


class SurveyForm(HoneypotModelForm):
    """The short survey after the day: a rating from 1 to 5 and an optional comment."""

    class Meta:
        model = SurveyAnswer
        fields = ["rating", "comment"]
        labels = {
            "rating": "How useful was the session? (1 = not at all, 5 = very)",
            "comment": "What should we keep or change? (optional)",
        }
        widgets = {
            "rating": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }
        error_messages = {"rating": {"required": "Choose a rating from 1 to 5."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        # A radio list with no empty choice: a rating is given or the form says so.
        self.fields["rating"].choices = [(number, str(number)) for number in range(1, 6)]
