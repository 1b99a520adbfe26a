from django.urls import path

from content.library import feeds

app_name = "feeds"
urlpatterns = [
    path("updates.rss", feeds.UpdatesFeed(), name="updates-rss"),
    path("updates.atom", feeds.UpdatesAtomFeed(), name="updates-atom"),
    path("areas/<slug:slug>.rss", feeds.AreaUpdatesFeed(), name="area-rss"),
    path("areas/<slug:slug>.atom", feeds.AreaUpdatesAtomFeed(), name="area-atom"),
]
