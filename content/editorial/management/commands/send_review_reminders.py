from django.core.management.base import BaseCommand

from content.editorial.reviews import review_reminders_send


class Command(BaseCommand):
    help = (
        "Email each owner the list of their items (every kind and product area) due or "
        "overdue for review, with links. Each owner gets at most one such email a week, so "
        "running it daily (from cron or the worker) is safe."
    )

    def handle(self, *args, **options):
        sent = review_reminders_send()
        self.stdout.write(f"{sent} review reminder(s) queued.")
