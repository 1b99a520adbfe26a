from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """The outbox of local development: /dev/outbox/ shows the emails kept as files."""

    name = "content.outbox"
    label = "outbox"
    verbose_name = "Outbox"
