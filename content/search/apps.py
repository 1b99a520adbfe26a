from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "content.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from content.search import signals  # noqa: F401  (connects the receivers)
