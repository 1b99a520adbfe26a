"""The library's filters: type, product area, tag and format, combined.

Each filter is one query parameter holding one value. The choices of a filter
are counted with every other filter applied, so a count says how many results
picking that choice gives. The number of queries is fixed: one per filter.
"""

from django.db.models import Count
from django.http import QueryDict
from taggit.models import Tag

from content.core.models import ProductArea
from content.library.models import Asset

PARAMETERS = ["type", "area", "tag", "format"]


class AssetFilter:
    lookups = {
        "type": "asset_type",
        "area": "area__slug",
        "tag": "tags__slug",
        "format": "format",
    }

    def __init__(self, params, queryset):
        self.selected = {name: params.get(name, "").strip() for name in PARAMETERS}
        self.queryset = queryset

    def filtered(self, *, leave_out=None):
        queryset = self.queryset
        for name, value in self.selected.items():
            if value and name != leave_out:
                queryset = queryset.filter(**{self.lookups[name]: value})
        return queryset

    def query_string(self, **changes):
        """Return the canonical query string of these filters, with `changes` applied."""
        values = self.selected | changes
        query = QueryDict(mutable=True)
        for name in [*PARAMETERS, "page"]:
            if values.get(name):
                query[name] = values[name]
        return query.urlencode()

    @property
    def is_active(self):
        return any(self.selected.values())

    def facets(self):
        """Return each filter's choices with their counts, in the order they are shown."""
        types = dict(Asset.Type.choices)
        return [
            self._facet("type", "Type", "asset_type", lambda row: types.get(row["asset_type"]),
                        name_of=types.get),
            self._facet("area", "Product area", "area__slug", lambda row: row["area__name"],
                        extra=["area__name"], name_of=_name_of_slug(ProductArea)),
            self._facet("tag", "Tag", "tags__slug", lambda row: row["tags__name"],
                        extra=["tags__name"], name_of=_name_of_slug(Tag)),
            self._facet("format", "Format", "format", lambda row: row["format"]),
        ]  # fmt: skip

    def _facet(self, name, label, field, label_of, extra=(), name_of=lambda value: None):
        rows = (
            self.filtered(leave_out=name)
            .order_by()
            .values(field, *extra)
            .annotate(total=Count("pk", distinct=True))
        )
        choices = [
            {
                "value": row[field],
                "label": label_of(row),
                "count": row["total"],
                "selected": row[field] == self.selected[name],
                "url_query": self.query_string(**{name: row[field], "page": ""}),
            }
            for row in rows
            if row[field]  # untagged assets, assets without an area or a format
        ]
        choices.sort(key=lambda choice: (-choice["count"], str(choice["label"]).lower()))
        selected_value = self.selected[name]
        if selected_value and not any(choice["selected"] for choice in choices):
            # A value that matches nothing stays visible, so it can be removed,
            # under its name where it has one (one query, only in this case).
            choices.insert(
                0,
                {
                    "value": selected_value,
                    "label": name_of(selected_value) or selected_value,
                    "count": 0,
                    "selected": True,
                },
            )
        return {
            "name": name,
            "label": label,
            "choices": choices,
            "selected": selected_value,
            "clear_query": self.query_string(**{name: "", "page": ""}),
        }


def _name_of_slug(model):
    """Return a function giving the name of the `model` row with a slug, or None."""
    return lambda slug: model.objects.filter(slug=slug).values_list("name", flat=True).first()
