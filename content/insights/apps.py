import atexit

from django.apps import AppConfig
from django.core.signals import request_finished


class InsightsConfig(AppConfig):
    name = "content.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self):
        from content.insights import recording

        # Counted events wait in memory and reach the database in batches,
        # after a response has gone out, so no page waits for them.
        request_finished.connect(recording.flush_if_due, dispatch_uid="insights-flush")
        atexit.register(recording.flush)
