"""The home page, and the icon browsers ask for at /favicon.ico."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from content.core.models import ProductArea, visitor_of
from content.events.models import Session
from content.faq.models import Question
from content.library.models import Asset


class HomeView(TemplateView):
    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        self.visitor = visitor_of(self.request)
        # Each list is built, and run, only when the template reads it: not
        # at all where the page's {% remember %} part is kept (building a
        # queryset costs about as much as running it).
        return super().get_context_data(
            areas=ProductArea.objects.all(),
            updates=SimpleLazyObject(self.updates),
            sessions=SimpleLazyObject(self.sessions),
            questions=SimpleLazyObject(self.questions),
            **kwargs,
        )

    def updates(self):
        return Asset.objects.published(self.visitor).updates().select_related("area")[:4]

    def sessions(self):
        return (
            Session.objects.published(self.visitor)
            .upcoming()
            .with_seat_counts()
            .select_related("area")[:3]
        )

    def questions(self):
        return Question.objects.published(self.visitor).order_by("-publish_at")[:5]


def favicon(request):
    """Send browsers that ask for /favicon.ico (pages without an icon link) to the icon."""
    return redirect(static("images/favicon.svg"), permanent=True)
