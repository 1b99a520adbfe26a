from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content `make run` loads: `manage.py load_demo_content`."""

    name = "content.demo"
    label = "demo"
    verbose_name = "Demo content"
