from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "content.faq"
    label = "faq"
    verbose_name = "FAQ"

    def ready(self):
        from content.core import changes

        changes.shows("faq.Question")
