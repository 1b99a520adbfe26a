from django.contrib.sitemaps.views import sitemap
from django.urls import path

from content.seo import views
from content.seo.sitemaps import sitemaps

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
]
