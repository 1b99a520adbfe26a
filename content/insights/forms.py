from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from content.privacy.masking import QUERY_MAX_LENGTH

PERIODS = [("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days"), ("dates", "Dates")]
# The longest period the page sums; a longer one is refused, not slowly drawn.
MAX_DAYS = 366


class SearchClickForm(forms.Form):
    """A click on a search result: where it leads, the query and the result's place."""

    to = forms.CharField(max_length=2000)
    q = forms.CharField(max_length=QUERY_MAX_LENGTH * 2, required=False, strip=True)
    position = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def clean_to(self):
        # Only an address on this site: the link must never send anyone elsewhere.
        to = self.cleaned_data["to"]
        if not to.startswith("/") or to.startswith("//") or "\\" in to:
            raise forms.ValidationError("Only an address on this site.")
        if not url_has_allowed_host_and_scheme(to, allowed_hosts=None):
            raise forms.ValidationError("Only an address on this site.")
        return to


class PeriodForm(forms.Form):
    """The period the insights page sums: the last 7, 30 or 90 days, or two dates."""

    period = forms.ChoiceField(
        choices=PERIODS, required=False, initial="30", widget=forms.RadioSelect
    )
    start = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        today = timezone.localdate()
        if data.get("period") == "dates":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError("Give both dates, or choose one of the periods.")
            if start > end:
                raise forms.ValidationError("The first date must not be after the second.")
            if (end - start).days + 1 > MAX_DAYS:
                raise forms.ValidationError(f"Choose at most {MAX_DAYS} days.")
        else:
            days = int(data.get("period") or "30")
            end = today
            start = today - timedelta(days=days - 1)
        data["start"], data["end"] = start, end
        return data

    def dates(self):
        """Return (start, end) of a valid form, or of the last 30 days."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        today = timezone.localdate()
        return today - timedelta(days=29), today
