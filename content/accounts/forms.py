from allauth.account.forms import RequestLoginCodeForm
from django import forms

from content.accounts.models import Profile


class RequestCodeForm(RequestLoginCodeForm):
    """The email field of allauth's form, labelled for the hub."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "Email address"
        field.help_text = "We email you a six-character code to type on the next page."
        field.widget.attrs.update({"autocomplete": "email", "placeholder": ""})


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["name", "company", "job_title"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }
