from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from taggit import apps as taggit_apps


def analyze_after_migrate(sender, using, **kwargs):
    """Gather SQLite's planner statistics again after migrating.

    A migration that adds a field to a table rebuilds it on SQLite, and the
    rebuilt table has no statistics: without them SQLite found an item by its
    slug through the visibility index, scanning every live item (23 ms at
    10,000 assets instead of under 1). PostgreSQL's autovacuum does this itself.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class CoreConfig(AppConfig):
    name = "content.core"
    label = "core"
    verbose_name = "Content"

    def ready(self):
        from django.db.models import Min

        # Importing the checks of SITE_URL registers them for `check --deploy`.
        from content.core import changes, checks  # noqa: F401
        from content.core.models import Content

        changes.connect_signals()
        post_migrate.connect(analyze_after_migrate, sender=self)
        # Every kind's page shows its area and tags; a scheduled item goes
        # live on its own.
        changes.shows("core.Content", "core.ProductArea", "taggit.Tag", "taggit.TaggedItem")

        @changes.changes_at
        def next_publication(now):
            return Content.objects.filter(publish_at__gt=now).aggregate(Min("publish_at"))[
                "publish_at__min"
            ]


class TagsConfig(taggit_apps.TaggitAppConfig):
    """django-taggit under a name staff know: the admin's heading says "Tags", not "Taggit"."""

    # Only INSTALLED_APPS names this config; content.core keeps CoreConfig.
    default = False
    verbose_name = "Tags"
