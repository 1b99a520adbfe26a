"""Tasks a worker can run: the same work as the management commands."""

from django.tasks import task

from content.events.booking import session_reminders_send


@task
def send_session_reminders():
    """Email tomorrow's attendees; return how many reminders were queued."""
    return session_reminders_send()
