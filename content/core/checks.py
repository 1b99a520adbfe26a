"""System checks of SITE_URL, which every link the hub writes starts with
(content.core.links), run by `manage.py check --deploy`.

Their ids keep the project's name, hub.W001 and hub.W002, so that a deployment
silencing one keeps doing so.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host

# Addresses of the machine itself: the default SITE_URL is one of them.
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Warn when production would write emails and calendar files with links nobody can open."""
    if settings.DEBUG:
        return []
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host in LOOPBACK:
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}, an address of this machine: links in "
                "emails, calendar files, feeds and the sitemap would lead nowhere.",
                hint="Set SITE_URL to the hub's public address, e.g. https://hub.example.com.",
                id="hub.W001",
            )
        ]
    if not validate_host(host, settings.ALLOWED_HOSTS):
        return [
            Warning(
                f"The host of SITE_URL ({host!r}) is not in ALLOWED_HOSTS: the links the hub "
                "writes would be refused with a 400.",
                hint=f"Add {host} to ALLOWED_HOSTS, or correct SITE_URL.",
                id="hub.W002",
            )
        ]
    return []
