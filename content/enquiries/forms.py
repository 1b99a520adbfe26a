from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from content.core.forms import HoneypotModelForm, PersonDetailsMixin
from content.enquiries.attachments import ATTACHMENT_EXTENSIONS
from content.enquiries.models import Enquiry


class EnquiryForm(PersonDetailsMixin, HoneypotModelForm):
    """The contact form: who is asking, about what, and their consent."""

    consent = forms.BooleanField(
        label="I agree that the technical team keeps these details to answer my enquiry.",
        error_messages={"required": "Please tick this box so that we may answer you."},
    )

    class Meta:
        model = Enquiry
        fields = [
            "name",
            "email",
            "company",
            "topic",
            "product_area",
            "subject",
            "message",
            "attachment",
            "consent",
        ]
        labels = {
            "name": "Your name",
            "email": "Work email",
            "company": "Company",
            "topic": "What is it about?",
            "product_area": "Product area",
            "subject": "Subject",
            "message": "Your message",
            "attachment": "A file",
        }
        help_texts = {
            "subject": "Your question in a line: we look for answers as you type.",
            "message": "Up to 5,000 characters. Please leave out passwords and keys.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "subject": forms.TextInput(attrs={"autocomplete": "off"}),
            "message": forms.Textarea(attrs={"rows": 8}),
            "attachment": forms.FileInput(
                attrs={"accept": ",".join(f".{extension}" for extension in ATTACHMENT_EXTENSIONS)}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_area"].empty_label = "Not sure, or several"
        self.fields["topic"].choices = [("", "Choose a topic"), *Enquiry.Topic.choices]
        # static/js/search.js suggests answers as the subject is typed.
        self.fields["subject"].widget.attrs |= {
            "data-suggest-url": reverse("search-api"),
            "data-results-url": reverse("search:search"),
            "data-suggest-new-tab": "",
        }
        limit = filesizeformat(settings.ENQUIRY_ATTACHMENT_MAX_BYTES)
        self.fields["attachment"].help_text = (
            f"One screenshot, document or zipped log, up to {limit}: "
            f"{', '.join(ATTACHMENT_EXTENSIONS).upper()}."
        )
