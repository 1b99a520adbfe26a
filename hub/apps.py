from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Technical Hub"

    def ready(self):
        # The page cache imports models, which only exist once apps are ready;
        # importing the checks registers them for `check --deploy`.
        from hub import checks, pagecache  # noqa: F401

        pagecache.connect_signals()
