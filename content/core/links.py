"""Absolute addresses of the hub's pages, on the configured site address.

Built from settings.SITE_URL, never from the request's Host header: a port,
a capital letter or a trailing dot someone sent would otherwise end up in
canonical links, the sitemap, API results and emails.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse


def absolute_url(location):
    """Return `location` (a path such as "/faq/") as an address on settings.SITE_URL."""
    return settings.SITE_URL + location


def signed_path(viewname, value, *, salt):
    """Return the path of `viewname` for `value`, signed and stamped with the time.

    The view takes the signed text as its `signed` argument and reads it back
    with signed_value(); a changed character or an old link fails there.
    """
    return reverse(viewname, kwargs={"signed": signing.dumps(value, salt=salt)})


def signed_value(signed, *, salt, max_age_days):
    """Return the value a signed_path() carried.

    Raise signing.SignatureExpired when it is older than `max_age_days`, and
    signing.BadSignature when it was changed.
    """
    return signing.loads(signed, salt=salt, max_age=timedelta(days=max_age_days))
