"""What every page's template may read."""

from django.conf import settings


def site(request):
    """Give templates the site's name, as SITE_NAME sets it."""
    return {"site_name": settings.SITE_NAME}
