from django.db.models import Q
from django.views.generic import ListView

from content.core.models import Content


class SearchView(ListView):
    """Site-wide search. A plain text match until the full-text engines land."""

    template_name = "search/search.html"
    context_object_name = "results"
    paginate_by = 20

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:200]
        if not self.query:
            return Content.objects.none()
        match = (
            Q(title__icontains=self.query)
            | Q(summary__icontains=self.query)
            | Q(body__icontains=self.query)
        )
        return Content.objects.published().filter(match).select_related("area")

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)
