from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Technical Hub"

    def ready(self):
        # The page cache and lockouts import models, which only exist once apps are
        # ready; importing the checks registers them for `check --deploy`.
        from hub import checks, lockout, pagecache  # noqa: F401

        pagecache.connect_signals()
        lockout.connect_signals()
