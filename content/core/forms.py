import re

from django import forms
from django.core.validators import MaxLengthValidator


class HoneypotForm(forms.Form):
    """A form with a field people never see and bots fill in.

    The field is hidden with CSS (not type=hidden, which bots skip) and
    labelled for the rare person whose browser shows it anyway.
    """

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                "This form could not be sent. Please leave this field empty."
            )
        return ""


class HoneypotModelForm(forms.ModelForm, HoneypotForm):
    pass


# A name is all the free text that mails to an unverified address may carry
# (see content.events.emails and content.enquiries.emails), so it is kept
# short, on one line and without anything a mail client would make a link.
NAME_MAX_LENGTH = 100
# "://", "www.", an email address, or a domain such as "evil.example": two
# letters or more on each side of a dot ("J.Smith" passes). The domain is only
# looked for from the start of a word: tried from every letter of a long word,
# the search took seconds on a 100 kB name.
LINK = re.compile(r"://|\bwww\.|@|(?<![^\W_])[^\W_]{2,}\.[^\W\d_]{2,}", re.IGNORECASE)


def validate_one_line(value):
    # str.splitlines() knows every line break, Unicode's own included.
    if len(value.splitlines()) > 1:
        raise forms.ValidationError("Please keep this on one line.")


def validate_no_link(value):
    if LINK.search(value):
        raise forms.ValidationError(
            "Please give just your name, without web or email addresses "
            "(write initials with a space after the dot: J. Smith)."
        )


class PersonDetailsMixin:
    """Keep the person's name and company plain: one line, and the name short, without links."""

    one_line_fields = ("name", "company", "job_title")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.one_line_fields:
            if name in self.fields:
                self.fields[name].validators.append(validate_one_line)
        name = self.fields["name"]
        name.max_length = NAME_MAX_LENGTH
        name.validators += [MaxLengthValidator(NAME_MAX_LENGTH), validate_no_link]
        name.widget.attrs["maxlength"] = str(NAME_MAX_LENGTH)


class FeedbackForm(HoneypotModelForm):
    """Ask "Was this helpful?", for the feedback model of any kind (see content.core.feedback)."""

    helpful = forms.TypedChoiceField(
        label="Was this helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )

    class Meta:
        fields = ["helpful", "comment"]
        labels = {"comment": "Anything to add? (optional)"}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The saved answer is a boolean; the choices are "yes" and "no".
            self.initial["helpful"] = "yes" if self.instance.helpful else "no"
