from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "content.editorial"
    label = "editorial"
    verbose_name = "Editorial workflow"
