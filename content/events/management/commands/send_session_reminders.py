from django.core.management.base import BaseCommand

from content.events.booking import session_reminders_send


class Command(BaseCommand):
    help = (
        "Email confirmed attendees of sessions that start within the next 24 hours. "
        "Safe to run often (e.g. hourly from cron): nobody is reminded twice."
    )

    def handle(self, *args, **options):
        sent = session_reminders_send()
        self.stdout.write(f"{sent} reminder(s) queued.")
