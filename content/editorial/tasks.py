"""Tasks a worker can run: the same work as the management commands."""

from django.tasks import task

from content.editorial.reviews import review_reminders_send


@task
def send_review_reminders():
    """Email owners their items due for review, weekly at most; return how many mails."""
    return review_reminders_send()
