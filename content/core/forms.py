from django import forms


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
