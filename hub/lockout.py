"""Lock the admin's sign-in after repeated failures, per account and per IP.

Failures are counted in the database (`Counter`), shared by every app server
and out of reach of anything that fills the cache. After
ADMIN_LOGIN_FAILURE_LIMIT failures for one user name, or from one IP, that
user name or IP may not sign in for ADMIN_LOCKOUT_SECONDS, even with the
right password; a successful sign-in clears the user name's count. Counting
per account stops a slow spread of guesses from many IPs; counting per IP
stops one client trying many names.
"""

import hashlib
import logging

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm

from content.core.models import Counter
from content.core.ratelimit import client_ip

logger = logging.getLogger("hub.security")


def _keys(request, username):
    # Hash the user name: keys must stay short, and the name itself is
    # personal data the counters need not hold.
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return {"user": f"lockout:user:{name}", "ip": f"lockout:ip:{client_ip(request)}"}


def login_is_locked(*, request, username):
    """Return True when the user name or the client's IP is locked out."""
    limit = settings.ADMIN_LOGIN_FAILURE_LIMIT
    counts = Counter.objects.counts(_keys(request, username).values())
    return any(count >= limit for count in counts.values())


def login_failure_record(*, request, username):
    """Count one failed sign-in against the user name and the IP; log a new lockout."""
    for scope, key in _keys(request, username).items():
        count = Counter.objects.increment(key, settings.ADMIN_LOCKOUT_SECONDS)
        if count == settings.ADMIN_LOGIN_FAILURE_LIMIT:
            logger.warning(
                "admin sign-in locked",
                extra={"event": "lockout", "scope": scope, "ip": client_ip(request)},
            )


def login_success_record(*, request, username):
    Counter.objects.forget(_keys(request, username)["user"])


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing even correct passwords while locked."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked": "Too many failed sign-ins. Signing in is locked for %(minutes)s "
        "minutes; please wait and try again, or ask another administrator.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if login_is_locked(request=self.request, username=username):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": max(settings.ADMIN_LOCKOUT_SECONDS // 60, 1)},
            )
        try:
            cleaned_data = super().clean()
        except forms.ValidationError:
            login_failure_record(request=self.request, username=username)
            logger.info(
                "admin sign-in failed",
                extra={"event": "login-failed", "ip": client_ip(self.request)},
            )
            raise
        login_success_record(request=self.request, username=username)
        return cleaned_data
