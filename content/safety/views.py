"""The page a form refused by the CSRF check gets (CSRF_FAILURE_VIEW)."""

import logging

from django.shortcuts import render

from content.core.ratelimit import client_ip

security_logger = logging.getLogger("hub.security")


def csrf_failure(request, reason=""):
    """Explain a refused form in plain words, and log it."""
    security_logger.warning(
        "csrf failure",
        extra={"event": "csrf-failure", "reason": reason, "ip": client_ip(request)},
    )
    return render(request, "403_csrf.html", status=403)
