"""The safety nets every request passes: the request log, a cap on the body's size,
no NUL bytes, a proper 405 page, idle staff sessions, Permissions-Policy.
"""

import logging
import re
import time
import uuid

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.shortcuts import render

from content.core.ratelimit import client_ip

logger = logging.getLogger("hub.request")
security_logger = logging.getLogger("hub.security")

# A request id from a proxy is kept only if it looks like one, so that nobody
# can write arbitrary text into the logs through the header.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestLogMiddleware:
    """Log one JSON line per request: method, path, status, duration and request id.

    The id comes from the X-Request-ID header when a proxy or load balancer
    sent one, so that one request can be followed through every layer; else
    it is made here. Either way it goes back in the response's X-Request-ID.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        # META, not request.headers: that would parse every header of the request.
        sent = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "request_id": request.request_id,
            },
        )
        return response


class RequestSizeMiddleware:
    """Refuse a request body over REQUEST_MAX_BYTES before anything reads it.

    Django keeps uploaded files in temporary files with no limit of its own,
    so a huge POST would fill the disk before any form could refuse it. The
    Content-Length is enough to decide, and the body is never read. A body
    without a length (chunked) gets a 411: Django would read none of it, and
    the view would take it for an empty form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_MAX_BYTES
        length = request.META.get("CONTENT_LENGTH", "")
        if not length and "HTTP_TRANSFER_ENCODING" in request.META:
            return self.refuse(request, 411, {"without_length": True})
        # Django itself reads a missing or malformed length as an empty body.
        if length.isdigit() and int(length) > limit:
            return self.refuse(request, 413, {"limit": limit})
        return self.get_response(request)

    def refuse(self, request, status, context):
        security_logger.warning(
            "request body refused",
            extra={"event": "body-too-large", "status": status, "ip": client_ip(request)},
        )
        return render(request, "413.html", context, status=status)


def _has_nul(query_dict):
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query_dict.lists()
    )


class BadInputMiddleware:
    """Keep NUL bytes and floods of parameters away from the views.

    No person types a NUL byte, and PostgreSQL refuses them in text, so they
    would otherwise fail in the database as a 500. A path holding one gets a
    400; in the query string they are dropped, so a search for "ldap\\0" is
    answered as a search for "ldap". A cookie holding one (a quoted cookie may
    spell it "\\000") is dropped, as if it had not been sent: the session's
    would otherwise reach the database. Posted forms need no check here:
    Django's form fields already refuse NUL bytes.

    More query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS get a 400 here:
    Django would answer 400 too, but with DEBUG on its error page reads the
    parameters again, fails the same way, and ends as a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            self._log(request, "nul-byte")
            return render(request, "400.html", status=400)
        try:
            has_nul = _has_nul(request.GET)
        except TooManyFieldsSent:
            self._log(request, "too-many-fields")
            limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            reason = f"Too many parameters in the address: the hub reads at most {limit}."
            return render(request, "400.html", {"reason": reason}, status=400)
        if has_nul:
            self._log(request, "nul-byte")
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        if any("\x00" in name + value for name, value in request.COOKIES.items()):
            self._log(request, "nul-byte")
            request.COOKIES = {
                name: value for name, value in request.COOKIES.items() if "\x00" not in name + value
            }
        return self.get_response(request)

    def _log(self, request, reason):
        security_logger.warning(
            "bad input refused",
            extra={"event": "bad-input", "reason": reason, "ip": client_ip(request)},
        )


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
    A change form's "still open" heartbeat (static/js/editing.js, with the
    header below) is not activity: a form left open must not keep a session
    alive forever.
    """

    heartbeat_header = "X-Editing-Heartbeat"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in; asking request.user
        # would mark the session as read, and the page cache would then take
        # every anonymous page for a personal one.
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        heartbeat = self.heartbeat_header in request.headers
        if signed_in and not heartbeat and request.user.is_staff:
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
