from django.db.models import Count
from django.views.generic import DetailView, ListView

from content.core.models import ProductArea
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


class AreaDetailView(DetailView):
    """An area's page: its assets by type, its FAQ questions, its sessions."""

    model = ProductArea
    template_name = "areas/area_detail.html"
    context_object_name = "area"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assets = Asset.objects.published().in_area(self.object)
        counts = dict(assets.order_by().values_list("asset_type").annotate(total=Count("pk")))
        latest = assets.latest_per_type(ASSETS_PER_TYPE).select_related("area")
        labels = dict(Asset.Type.choices)
        context["asset_groups"] = [
            {
                "type": asset_type,
                "label": labels[asset_type],
                "count": counts[asset_type],
                "assets": [asset for asset in latest if asset.asset_type == asset_type],
            }
            for asset_type in labels
            if asset_type in counts
        ]
        context["asset_total"] = sum(counts.values())
        context["questions"] = Question.objects.published().in_area(self.object)[:8]
        context["sessions_subscription"] = subscription_url(area_slug=self.object.slug)
        context["sessions"] = (
            Session.objects.published()
            .upcoming()
            .in_area(self.object)
            .with_seat_counts()
            .select_related("area")[:4]
        )
        return context
