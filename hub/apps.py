from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Technical Hub"

    def ready(self):
        # Importing the checks registers them for `check --deploy`.
        from hub import checks  # noqa: F401
