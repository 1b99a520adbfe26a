from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "content.events"
    label = "events"
    verbose_name = "Phish & Chips"
