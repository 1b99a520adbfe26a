from django.core.management.base import BaseCommand

from hub import demo


class Command(BaseCommand):
    help = "Add the demo areas, FAQ, assets and sessions that are missing. Safe to run again."

    def handle(self, *args, **options):
        added = demo.load()
        self.stdout.write(f"Demo content: {added} row(s) added.")
