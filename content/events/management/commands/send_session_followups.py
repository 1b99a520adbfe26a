from django.core.management.base import BaseCommand

from content.events.followup import session_followups_send, sessions_followup_due
from content.events.models import Session


class Command(BaseCommand):
    help = (
        "The day after a session, email everyone who attended it the materials, the slides "
        "and the survey. Safe to run often (e.g. hourly from cron): nobody gets it twice."
    )

    def handle(self, *args, **options):
        sent = session_followups_send()
        self.stdout.write(f"{sent} follow-up email(s) queued.")
        due = Session.objects.filter(pk__in=[session.pk for session in sessions_followup_due()])
        for session in due.with_outcomes():
            self.stdout.write(
                f"“{session.title}”: {session.attended_count} attended, "
                f"{session.no_show_count} no-shows."
            )
