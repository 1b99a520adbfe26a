from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page: the areas, the latest updates, the next sessions and new questions."""

    name = "content.home"
    label = "home"
    verbose_name = "Home page"
