from django.apps import AppConfig


class SeoConfig(AppConfig):
    """What search engines and link previews read: the sitemap, robots.txt,
    canonical links and JSON-LD (the `seo` template tags)."""

    name = "content.seo"
    label = "seo"
    verbose_name = "Search engines"
