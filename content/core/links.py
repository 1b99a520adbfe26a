"""Absolute addresses of the hub's pages, on the configured site address.

Built from settings.SITE_URL, never from the request's Host header: a port,
a capital letter or a trailing dot someone sent would otherwise end up in
canonical links, the sitemap, API results and emails.
"""

from django.conf import settings


def absolute_url(location):
    """Return `location` (a path such as "/faq/") as an address on settings.SITE_URL."""
    return settings.SITE_URL + location
