from django.db.models import Count
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from content.core.models import ProductArea, visitor_of
from content.core.views import PreviewMixin
from content.events.calendar import subscription_url
from content.events.models import Session
from content.faq.models import Question
from content.library.models import Asset

ASSETS_PER_TYPE = 4


class AreaListView(ListView):
    """Every product area, in the editors' order, each leading to its page."""

    model = ProductArea
    template_name = "areas/area_list.html"
    context_object_name = "areas"


class AreaDetailView(PreviewMixin, DetailView):
    """An area's page: its assets by type, its FAQ questions, its sessions.

    Staff preview unsaved changes to an area's text on it (PreviewMixin).
    """

    model = ProductArea
    template_name = "areas/area_detail.html"
    context_object_name = "area"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.visitor = visitor_of(self.request)
        # Each list is built, and run, only when the template reads it: not
        # at all where the page's {% remember %} part is kept (building a
        # queryset costs about as much as running it).
        context["resources"] = SimpleLazyObject(self.resources)
        context["questions"] = SimpleLazyObject(self.questions)
        context["sessions_subscription"] = subscription_url(area_slug=self.object.slug)
        context["sessions"] = SimpleLazyObject(self.sessions)
        return context

    def questions(self):
        return Question.objects.published(self.visitor).in_area(self.object)[:8]

    def sessions(self):
        return (
            Session.objects.published(self.visitor)
            .upcoming()
            .in_area(self.object)
            .with_seat_counts()
            .select_related("area")[:4]
        )

    def resources(self):
        """Return the area's assets grouped by type: count and newest of each."""
        assets = Asset.objects.published(self.visitor).in_area(self.object)
        counts = dict(assets.order_by().values_list("asset_type").annotate(total=Count("pk")))
        latest = assets.latest_per_type(ASSETS_PER_TYPE).select_related("area")
        labels = dict(Asset.Type.choices)
        groups = [
            {
                "type": asset_type,
                "label": labels[asset_type],
                "count": counts[asset_type],
                "assets": [asset for asset in latest if asset.asset_type == asset_type],
            }
            for asset_type in labels
            if asset_type in counts
        ]
        return {"groups": groups, "total": sum(counts.values())}
