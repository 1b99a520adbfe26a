"""WSGI entry point: `gunicorn hub.wsgi`.

Stored public pages are answered from each worker's copies before Django's
handler runs (content.pagecache.middleware.CachedPageApplication).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

application = get_wsgi_application()

from content.pagecache.middleware import CachedPageApplication  # noqa: E402  (needs the settings)

application = CachedPageApplication(application)
