"""Site-wide pages: the home page, robots.txt, the liveness check, the CSRF failure page."""

import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from content.core.models import ProductArea
from content.core.ratelimit import client_ip
from content.events.models import Session
from content.faq.models import Question
from content.library.models import Asset

logger = logging.getLogger("hub.security")


class HomeView(TemplateView):
    template_name = "hub/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            areas=ProductArea.objects.all(),
            updates=Asset.objects.published().updates().select_related("area")[:4],
            sessions=Session.objects.published()
            .upcoming()
            .with_seat_counts()
            .select_related("area")[:3],
            questions=Question.objects.published().order_by("-publish_at")[:5],
            **kwargs,
        )


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def healthz(request):
    """Liveness: the process answers. Touches neither database nor cache."""
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    """Explain a refused form in plain words, and log it."""
    logger.warning(
        "csrf failure",
        extra={"event": "csrf-failure", "reason": reason, "ip": client_ip(request)},
    )
    return render(request, "403_csrf.html", status=403)
