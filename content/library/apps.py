from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "content.library"
    label = "library"
    verbose_name = "Technical library"
