"""The processes of the mail fault tests: the real settings (mail through the database
queue and a worker), static files from their source folders."""

from hub.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
