from django.apps import AppConfig


class LockoutConfig(AppConfig):
    """Staff sign-in lockouts with a growing back-off, on django-axes, and their admin page."""

    name = "content.lockout"
    label = "lockout"
    verbose_name = "Sign-in lockouts"

    def ready(self):
        # The handler imports models, which only exist once apps are ready.
        from content.lockout import backoff

        backoff.connect_signals()
