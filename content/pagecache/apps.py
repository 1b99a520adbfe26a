from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save


class PageCacheConfig(AppConfig):
    """The shared page cache (middleware and the WSGI wrapper) and the Redis cache backend."""

    name = "content.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from content.pagecache import audiences

        for signal in (post_save, post_delete):
            signal.connect(audiences.forget, sender=settings.AUTH_USER_MODEL)
