"""/dev/outbox/: the emails `make run` kept instead of sending, and their attachments."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from content.outbox.emails import kept_email, kept_emails, outbox_folder


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
    return render(request, "outbox/outbox.html", context)


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
