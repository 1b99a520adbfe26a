"""Site-wide safety nets: refuse NUL bytes, show a proper 405 page, expire idle staff."""

import logging

from django.conf import settings
from django.shortcuts import render

from content.core.ratelimit import client_ip

logger = logging.getLogger("hub.security")


def _has_nul(query_dict):
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query_dict.lists()
    )


class BadInputMiddleware:
    """Answer 400 to paths and query strings that carry NUL bytes.

    No person types a NUL byte; PostgreSQL refuses them in text, so they
    would otherwise reach the database and fail there as a 500. Posted forms
    need no check here: Django's form fields already refuse NUL bytes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            logger.warning(
                "bad input refused",
                extra={"event": "bad-input", "reason": "nul-byte", "ip": client_ip(request)},
            )
            return render(request, "400.html", status=400)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Give a 405 answer the site's own page; Django sends an empty body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", {"allowed": response["Allow"]}, status=405)
            page["Allow"] = response["Allow"]
            return page
        return response


class StaffIdleTimeoutMiddleware:
    """End a staff member's session after STAFF_SESSION_IDLE_SECONDS without a request.

    Each staff request moves the expiry forward, so only idle time counts;
    an expired session is simply gone, and the admin asks to sign in again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_staff:
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Switch off browser features the hub never uses, for every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
