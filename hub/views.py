"""Site-wide pages: the home page, robots.txt, the liveness and readiness checks,
the CSRF failure page, and the outbox of local development."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from content.core.links import absolute_url
from content.core.models import ProductArea, visitor_of
from content.core.ratelimit import client_ip
from content.events.models import Session
from content.faq.models import Question
from content.library.models import Asset
from hub.outbox import kept_email, kept_emails, outbox_folder

logger = logging.getLogger("hub.health")
security_logger = logging.getLogger("hub.security")


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


@require_GET
def healthz(request):
    """Liveness: the process answers. Touches neither database nor cache."""
    return JsonResponse({"status": "ok"})


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache_answers():
    # The cache turns its errors into misses (hub/cache.py): a value that does
    # not come back means the hub runs without it, slower but whole.
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    answer = cache.get(key)
    cache.delete(key)
    return "ok" if answer == "ok" else "degraded"


def _migrations_applied():
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "ok" if not pending else f"{len(pending)} pending"


@require_GET
def readyz(request):
    """Readiness: the database answers and no migration is pending.

    Answer 503 while either is wrong, so a load balancer sends no traffic to
    this server until the release has migrated the database. A cache that
    does not answer is reported as degraded, with a 200: every page works
    without it.
    """
    checks = {}
    for name, check in [
        ("database", _database_answers),
        ("cache", _cache_answers),
        ("migrations", _migrations_applied),
    ]:
        try:
            checks[name] = check()
        except Exception as error:  # whatever breaks, this server is not ready
            logger.warning("readiness check failed", extra={"check": name, "error": str(error)})
            checks[name] = "unreachable"
    ready = checks["database"] == checks["migrations"] == "ok"
    status = "unavailable" if not ready else "ok" if checks["cache"] == "ok" else "degraded"
    return JsonResponse(
        {"status": status, "checks": checks},
        status=200 if ready else 503,
        headers={"Cache-Control": "no-store"},
    )


def csrf_failure(request, reason=""):
    """Explain a refused form in plain words, and log it."""
    security_logger.warning(
        "csrf failure",
        extra={"event": "csrf-failure", "reason": reason, "ip": client_ip(request)},
    )
    return render(request, "403_csrf.html", status=403)


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
