from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Technical Hub"

    def ready(self):
        # The page cache imports models, which only exist once apps are ready.
        from hub import pagecache

        pagecache.connect_signals()
