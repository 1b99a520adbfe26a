from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "content.faq"
    label = "faq"
    verbose_name = "FAQ"
