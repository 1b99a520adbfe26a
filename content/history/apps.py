from django.apps import AppConfig


class HistoryConfig(AppConfig):
    """Revisions of every item and area, drafts of live ones, and recently deleted items."""

    name = "content.history"
    label = "history"
    verbose_name = "History"

    def ready(self):
        from content.history import revisions

        revisions.register_models()
