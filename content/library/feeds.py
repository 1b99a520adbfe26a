"""RSS 2.0 and Atom feeds of technical updates and blogs, site-wide and per area.

Every address in them is built on settings.SITE_URL (content.core.links), never
on the request's Host header, as Django's Feed does by default: a feed reader
keeps the links, so they must be the site's public ones.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from content.core.links import absolute_url
from content.core.models import ProductArea
from content.library.models import Asset

FEED_ITEMS = 30


class UpdatesFeed(Feed):
    feed_type = Rss201rev2Feed
    url_name = "feeds:updates-rss"

    def title(self):
        return f"{settings.SITE_NAME}: technical updates and blogs"

    def description(self):
        return f"New technical updates and blog posts from the {settings.SITE_NAME}."

    def link(self):
        return absolute_url(reverse("library:updates"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        return Asset.objects.published().updates().for_listing()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.get_asset_type_display(), *(tag.name for tag in item.tags.all())]


class UpdatesAtomFeed(UpdatesFeed):
    feed_type = Atom1Feed
    url_name = "feeds:updates-atom"

    def subtitle(self):
        return self.description()


class AreaUpdatesFeed(UpdatesFeed):
    """The updates and blogs of one product area."""

    url_name = "feeds:area-rss"

    def get_object(self, request, slug):
        return get_object_or_404(ProductArea, slug=slug)

    def title(self, area):
        return f"{settings.SITE_NAME}: {area.name} updates and blogs"

    def description(self, area):
        return f"New technical updates and blog posts for {area.name}."

    def link(self, area):
        return absolute_url(area.get_absolute_url())

    def feed_url(self, area):
        return absolute_url(reverse(self.url_name, kwargs={"slug": area.slug}))

    def items(self, area):
        return Asset.objects.published().updates().in_area(area).for_listing()[:FEED_ITEMS]


class AreaUpdatesAtomFeed(AreaUpdatesFeed):
    feed_type = Atom1Feed
    url_name = "feeds:area-atom"

    def subtitle(self, area):
        return self.description(area)
