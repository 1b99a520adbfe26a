import sys

from django.core.management.base import BaseCommand

from content.search.engine import rebuild

BAR_WIDTH = 40


class Command(BaseCommand):
    help = "Rebuild the search index from every content item, showing progress."

    def handle(self, *args, **options):
        interactive = self.stdout.isatty()

        def progress(done, total):
            filled = BAR_WIDTH * done // max(total, 1)
            line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"
            if interactive:
                self.stdout.write(f"\r{line}", ending="")
                sys.stdout.flush()
            else:
                self.stdout.write(line)

        count = rebuild(progress=progress)
        if interactive:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} item(s)."))
