from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "content.privacy"
    label = "privacy"
    verbose_name = "Privacy"
