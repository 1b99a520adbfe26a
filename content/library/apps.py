from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "content.library"
    label = "library"
    verbose_name = "Technical library"

    def ready(self):
        from content.core import changes

        # Feedback and downloads are never shown to the public.
        changes.shows("library.Asset")
