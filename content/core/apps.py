from django.apps import AppConfig
from taggit import apps as taggit_apps


class CoreConfig(AppConfig):
    name = "content.core"
    label = "core"
    verbose_name = "Content"

    def ready(self):
        from django.db.models import Min

        from content.core import changes
        from content.core.models import Content

        changes.connect_signals()
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
