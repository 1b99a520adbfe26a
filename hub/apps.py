from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Technical Hub"

    def ready(self):
        # The page cache and lockouts import models, which only exist once apps are ready.
        from hub import lockout, pagecache

        pagecache.connect_signals()
        lockout.connect_signals()
