from django.shortcuts import get_object_or_404
from django.views.generic import ListView
from taggit.models import Tag

from content.core.models import Content


class TagDetailView(ListView):
    """Everything public with one tag, whatever its kind, newest first."""

    template_name = "core/tag_detail.html"
    context_object_name = "items"
    paginate_by = 24
    # A tag that only drafts and scheduled items carry is not public yet: its
    # page would tell that something is coming under that name.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Content.objects.published().filter(tags=self.tag).for_listing().with_kinds()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
