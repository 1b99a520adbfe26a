from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "content.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from content.core import changes
        from content.search import signals  # noqa: F401  (connects the receivers)

        # Synonyms and pinned results change what search pages show; the
        # gaps recorded by every empty search do not.
        changes.shows("search.PromotedResult", "search.Synonym")
