"""Site-wide pages: the home page, robots.txt, and the outbox of local
development."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from content.core.links import absolute_url
from content.core.models import ProductArea, visitor_of
from content.events.models import Session
from content.faq.models import Question
from content.library.models import Asset
from hub.outbox import kept_email, kept_emails, outbox_folder


class HomeView(TemplateView):
    template_name = "hub/home.html"

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


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    """Send browsers that ask for /favicon.ico (pages without an icon link) to the icon."""
    return redirect(static("images/favicon.svg"), permanent=True)


def _outbox_open_to(request):
    """Open the outbox while developing, and to superusers otherwise: it holds people's emails."""
    if not (settings.DEBUG or request.user.is_superuser):
        raise Http404


@never_cache
@require_GET
def outbox(request):
    """List the emails the file-based backend kept, each as its recipient would see it."""
    _outbox_open_to(request)
    context = {
        "emails": kept_emails(),
        "folder": outbox_folder(),
        "backend": settings.MAILERS["default"]["BACKEND"],
        "ratelimits_off": not settings.RATELIMIT_ENABLE,
    }
    return render(request, "hub/outbox.html", context)


@never_cache
@require_GET
def outbox_attachment(request, email_id, number):
    """Download one attachment of a kept email, such as its .ics file."""
    _outbox_open_to(request)
    email = kept_email(email_id)
    if email is None or number >= len(email.attachments):
        raise Http404
    attachment = email.attachments[number]
    response = HttpResponse(attachment.content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    return response
