from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "content.areas"
    label = "areas"
    verbose_name = "Product area pages"
