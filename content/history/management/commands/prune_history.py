from django.conf import settings
from django.core.management.base import BaseCommand

from content.history.revisions import deleted_prune


class Command(BaseCommand):
    help = (
        "Remove the revisions of items deleted more than HISTORY_DELETED_DAYS days ago "
        "(run daily, beside purge_registrations)."
    )

    def handle(self, *args, **options):
        forgotten = deleted_prune()
        self.stdout.write(
            f"Forgot {forgotten} item(s) deleted more than "
            f"{settings.HISTORY_DELETED_DAYS} days ago."
        )
