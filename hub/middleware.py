"""Middleware of the whole site: the request log and the health checks."""

import logging
import re
import time
import uuid

from hub import views

logger = logging.getLogger("hub.request")

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
        sent = request.headers.get("X-Request-ID", "")
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


class HealthMiddleware:
    """Answer /healthz and /readyz before host checks and the HTTPS redirect.

    Load balancers and Docker's HEALTHCHECK call each app server by its own
    address over plain HTTP, which ALLOWED_HOSTS and SECURE_SSL_REDIRECT
    would rightly refuse for any other page.
    """

    checks = {"/healthz": views.healthz, "/readyz": views.readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = self.checks.get(request.path_info)
        if check is None:
            return self.get_response(request)
        return check(request)
