from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """The safety nets every request passes (middleware) and the CSRF failure page."""

    name = "content.safety"
    label = "safety"
    verbose_name = "Request safety"
