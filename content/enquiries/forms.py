from django import forms

from content.core.forms import HoneypotModelForm, PersonDetailsMixin
from content.enquiries.models import Enquiry


class EnquiryForm(PersonDetailsMixin, HoneypotModelForm):
    """The contact form: who is asking, about what, and their consent."""

    consent = forms.BooleanField(
        label="I agree that the technical team keeps these details to answer my enquiry.",
        error_messages={"required": "Please tick this box so that we may answer you."},
    )

    class Meta:
        model = Enquiry
        fields = ["name", "email", "company", "topic", "product_area", "message", "consent"]
        labels = {
            "name": "Your name",
            "email": "Work email",
            "company": "Company",
            "topic": "What is it about?",
            "product_area": "Product area",
            "message": "Your message",
        }
        help_texts = {"message": "Up to 5,000 characters. Please leave out passwords and keys."}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_area"].empty_label = "Not sure, or several"
        self.fields["topic"].choices = [("", "Choose a topic"), *Enquiry.Topic.choices]
