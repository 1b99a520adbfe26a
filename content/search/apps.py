from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "content.search"
    label = "search"
    verbose_name = "Search"
