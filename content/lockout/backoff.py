"""Sign-in lockouts with a growing back-off, on top of django-axes.

Axes (set up in hub/settings.py) records every failed sign-in in the
database, per user name and client IP together, so a lock holds in every
worker and survives a Redis outage, and an attacker's failures never lock out
the person they target signing in from elsewhere. This module decides how
long a lock lasts: once a user name has failed AXES_FAILURE_LIMIT times from
one IP, that pair waits ADMIN_LOCKOUT_SECONDS, and twice as long after each
further failure, up to ADMIN_LOCKOUT_MAX_SECONDS. Failures are forgotten
AXES_COOLOFF_TIME after the last one, or at once after a successful sign-in,
so a guesser who waits out each lock gets one more guess per longer wait.
"""

import ipaddress
import logging
import math
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from content.core import ratelimit

logger = logging.getLogger("hub.security")


def client_ip(request):
    """The client's IP as the rate limits see it, or None if it is not an address.

    Axes stores it in an address column, which refuses anything else.
    """
    address = ratelimit.client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_username(request, credentials):
    """Return the user name a sign-in tried, as axes records it.

    Cut to the longest user name there can be (150 characters): axes keeps it
    in a column of 255, and a longer one sent at the sign-in form would fail
    the insert on PostgreSQL with a 500 instead of counting as a failure.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field, "")
    return str(username)[:150]


def lockout_duration(failures):
    """How long a user name and IP are locked after this many failures (zero below the limit)."""
    over = failures - settings.AXES_FAILURE_LIMIT
    if over < 0:
        return timedelta(0)
    # 32 doublings pass any sensible cap, and keep the number small.
    seconds = settings.ADMIN_LOCKOUT_SECONDS * 2 ** min(over, 32)
    return timedelta(seconds=min(seconds, settings.ADMIN_LOCKOUT_MAX_SECONDS))


class BackoffDatabaseHandler(AxesDatabaseHandler):
    """Axes' database handler, locking for lockout_duration() after the last failure."""

    def is_locked(self, request, credentials=None):
        return self.locked_until(request, credentials) is not None

    def locked_until(self, request, credentials=None):
        """When the lock on this request's user name and IP ends, or None if there is none."""
        ends = []
        # One queryset per lockout parameter; the user agent does not split a count.
        for attempts in self.get_user_attempts(request, credentials):
            seen = attempts.aggregate(
                failures=Sum("failures_since_start"), last=Max("attempt_time")
            )
            if seen["failures"]:
                ends.append(seen["last"] + lockout_duration(seen["failures"]))
        end = max(ends, default=None)
        return end if end and end > timezone.now() else None


def lockout_response(request, original_response, credentials):
    """The admin's sign-in page, saying that signing in is paused and until when."""
    handler = BackoffDatabaseHandler()
    until = handler.locked_until(request, credentials) or timezone.now()
    seconds = max(math.ceil((until - timezone.now()).total_seconds()), 1)
    context = {
        **admin.site.each_context(request),
        "until": until,
        "wait_minutes": math.ceil(seconds / 60),
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def log_lockout(sender, request, ip_address, **kwargs):
    # Axes sends this again for each attempt refused while locked; only one
    # that was counted (and so has a count) starts a lock.
    if request.axes_failures_since_start is None:
        return
    logger.warning("sign-in locked", extra={"event": "lockout", "ip": ip_address})


def log_failure(sender, request=None, **kwargs):
    if request is not None:
        logger.info("sign-in failed", extra={"event": "login-failed", "ip": client_ip(request)})


def connect_signals():
    """Log failures and lockouts to hub.security with the IP and no user name."""
    user_locked_out.connect(log_lockout, dispatch_uid="hub-lockout-log")
    user_login_failed.connect(log_failure, dispatch_uid="hub-login-failed-log")
