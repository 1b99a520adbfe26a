from django.core.management.base import BaseCommand

from content.demo import loader


class Command(BaseCommand):
    help = "Add the demo areas, FAQ, assets and sessions that are missing. Safe to run again."

    def handle(self, *args, **options):
        added = loader.load()
        self.stdout.write(f"Demo content: {added} row(s) added.")
