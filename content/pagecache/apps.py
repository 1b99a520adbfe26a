from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """The shared page cache (middleware and the WSGI wrapper) and the Redis cache backend."""

    name = "content.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"
