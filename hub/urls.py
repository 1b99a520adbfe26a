from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy

from content.accounts.urls import allauth_patterns
from content.core import views as core_views
from content.insights import views as insights_views
from content.search import views as search_views

# Lazy, so that each admin page reads SITE_NAME as it is then.
admin.site.site_header = lazy(lambda: f"{settings.SITE_NAME} administration", str)()
admin.site.site_title = lazy(lambda: f"{settings.SITE_NAME} admin", str)()
admin.site.index_title = "Content, sessions and enquiries"

urlpatterns = [
    path("", include("content.home.urls")),
    path("areas/", include("content.areas.urls")),
    path("library/", include("content.library.urls")),
    path("faq/", include("content.faq.urls")),
    path("phish-and-chips/", include("content.events.urls")),
    path("search/go/", insights_views.SearchClickView.as_view(), name="search-click"),
    path("search/", include("content.search.urls")),
    path("contact/", include("content.enquiries.urls")),
    path("account/", include(allauth_patterns)),
    path("account/", include("content.accounts.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    # Search
    path("api/search", search_views.SearchApiView.as_view(), name="search-api"),
    path("opensearch.xml", search_views.OpenSearchView.as_view(), name="opensearch"),
    # Library, feeds and discoverability
    path("feeds/", include("content.library.feed_urls")),
    path("tags/", include("content.core.urls")),
    path("images/", include("content.images.urls")),
    # robots.txt and sitemap.xml
    path("", include("content.seo.urls")),
    path("preview/<str:kind>/<int:pk>/", core_views.ContentPreviewView.as_view(), name="preview"),
    # Local development: the emails `make run` kept instead of sending
    path("dev/outbox/", include("content.outbox.urls")),
]
