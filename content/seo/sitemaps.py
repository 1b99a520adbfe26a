"""The sitemap: every public page, with when it last changed.

Every section starts from Content.objects.published(), so drafts and
scheduled items never appear, and a list page's lastmod is the newest change
among the public items it shows.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from taggit.models import Tag

from content.core.models import Content, ProductArea


def _newest_change(**filters):
    """Return a subquery of the newest `updated` among public items matching `filters`."""
    return Subquery(
        Content.objects.published().filter(**filters).order_by("-updated").values("updated")[:1]
    )


class SiteSitemap(Sitemap):
    """A sitemap whose addresses are on settings.SITE_URL, whatever Host the request named."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class SectionSitemap(SiteSitemap):
    """The home page and the list pages of each kind."""

    # URL name → the kinds whose changes show on that page (empty: all kinds).
    sections = {
        "home": [],
        "areas:list": [],
        "library:list": ["asset"],
        "library:updates": ["asset"],
        "faq:list": ["faq"],
        "events:list": ["session"],
    }

    def items(self):
        return list(self.sections)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if not hasattr(self, "_newest"):
            rows = Content.objects.published().values("kind").annotate(newest=Max("updated"))
            self._newest = {row["kind"]: row["newest"] for row in rows}
        kinds = self.sections[item] or list(self._newest)
        dates = [self._newest[kind] for kind in kinds if kind in self._newest]
        return max(dates) if dates else None


class AreaSitemap(SiteSitemap):
    def items(self):
        return ProductArea.objects.annotate(newest=_newest_change(area=OuterRef("pk")))

    def lastmod(self, area):
        return area.newest


class TagSitemap(SiteSitemap):
    """Tag pages of tags that at least one public item carries."""

    def items(self):
        return (
            Tag.objects.annotate(newest=_newest_change(tags=OuterRef("pk")))
            .filter(newest__isnull=False)
            .order_by("slug")
        )

    def location(self, tag):
        return reverse("tags:detail", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.newest


class ContentSitemap(SiteSitemap):
    """Every public item's own page, whatever its kind."""

    def items(self):
        # Built per request: published() compares with the time of the call.
        return Content.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated


sitemaps = {
    "sections": SectionSitemap,
    "areas": AreaSitemap,
    "tags": TagSitemap,
    "content": ContentSitemap,
}
