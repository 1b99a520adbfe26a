from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Technical Hub"

    def ready(self):
        # Lockouts import models, which only exist once apps are ready;
        # importing the checks registers them for `check --deploy`.
        from hub import checks, lockout  # noqa: F401

        lockout.connect_signals()
