from django import forms
from django.utils.text import capfirst, slugify

from content.core.models import Content, ProductArea
from content.search.query import clean_text

MAX_PAGE = 10_000
MAX_TAGS = 5


def kind_choices():
    return [
        (kind, capfirst(model._meta.verbose_name_plural)) for kind, model in Content.kinds.items()
    ]


class SearchForm(forms.Form):
    """The parameters of a search, from the query string; every one is optional."""

    q = forms.CharField(required=False, label="Search the hub")
    kind = forms.ChoiceField(required=False, choices=kind_choices)
    area = forms.ModelChoiceField(ProductArea.objects.all(), required=False, to_field_name="slug")
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, data, *args, **kwargs):
        # NUL and control characters are dropped rather than refused: a query
        # is never wrong, only sometimes unhelpful.
        data = data.copy()
        data["q"] = clean_text(data.get("q", ""))
        self.tags = [slugify(tag)[:100] for tag in data.getlist("tag")[:MAX_TAGS] if slugify(tag)]
        super().__init__(data, *args, **kwargs)

    def values(self):
        """Return the valid parameters, leaving out any that are not."""
        self.is_valid()
        cleaned = self.cleaned_data
        return {
            "query": cleaned.get("q", ""),
            "kinds": [cleaned["kind"]] if cleaned.get("kind") else [],
            "area": cleaned.get("area"),
            "tags": self.tags,
            "page": cleaned.get("page") or 1,
        }


class SearchApiForm(SearchForm):
    limit = forms.IntegerField(required=False, min_value=1, max_value=50)
