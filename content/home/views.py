"""The home page, and the icon browsers ask for at /favicon.ico."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.generic import TemplateView

from content.core.models import ProductArea, visitor_of
from content.events.models import Session
from content.faq.models import Question
from content.library.models import Asset


class HomeView(TemplateView):
    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        visitor = visitor_of(self.request)
        return super().get_context_data(
            areas=ProductArea.objects.all(),
            updates=Asset.objects.published(visitor).updates().select_related("area")[:4],
            sessions=Session.objects.published(visitor)
            .upcoming()
            .with_seat_counts()
            .select_related("area")[:3],
            questions=Question.objects.published(visitor).order_by("-publish_at")[:5],
            **kwargs,
        )


def favicon(request):
    """Send browsers that ask for /favicon.ico (pages without an icon link) to the icon."""
    return redirect(static("images/favicon.svg"), permanent=True)
