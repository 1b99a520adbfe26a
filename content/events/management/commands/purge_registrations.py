from django.conf import settings
from django.core.management.base import BaseCommand

from content.events.booking import registrations_purge
from content.insights.models import Event


class Command(BaseCommand):
    help = (
        "Remove attendees' personal data from registrations of sessions that ended "
        "EVENTS_PURGE_AFTER_DAYS days ago or more. The rows, and so the counts, stay. "
        "Also remove the insights' raw events older than INSIGHTS_EVENTS_KEEP_DAYS "
        "(their daily totals stay)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.EVENTS_PURGE_AFTER_DAYS,
            help="Days after a session ends (default: EVENTS_PURGE_AFTER_DAYS, %(default)s).",
        )

    def handle(self, *args, **options):
        purged = registrations_purge(days=options["days"])
        self.stdout.write(f"Personal data removed from {purged} registration(s).")
        # The hub's one daily purge: what is kept only for a while goes here.
        days = settings.INSIGHTS_EVENTS_KEEP_DAYS
        events = Event.objects.purge(days=days)
        self.stdout.write(f"{events} insights event(s) older than {days} days removed.")
