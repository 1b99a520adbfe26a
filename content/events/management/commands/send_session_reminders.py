from django.core.management.base import BaseCommand

from content.events.booking import REMINDER_WINDOW, session_reminders_send
from content.events.models import Session


class Command(BaseCommand):
    help = (
        "Email confirmed attendees of sessions that start within the next 24 hours, and "
        "those of online sessions again, with the join link, within the hour before. "
        "Safe to run often (every 5 to 10 minutes from cron, so that the hour-before "
        "reminder comes close to an hour before): nobody is reminded twice. The reminders "
        "of an online session wait until its join link is there."
    )

    def handle(self, *args, **options):
        sent = session_reminders_send()
        self.stdout.write(f"{sent} reminder(s) queued.")
        due = Session.objects.live().not_cancelled().starting_within(REMINDER_WINDOW)
        for session in due.exclude(pk__in=due.joinable()):
            self.stderr.write(
                self.style.WARNING(
                    f"“{session.title}” starts within a day and has no join link: its "
                    "reminders wait for it. Add the join link in the admin."
                )
            )
