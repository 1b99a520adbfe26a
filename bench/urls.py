"""The hub's URLs plus the ceiling view, for the bench settings only."""

from django.http import HttpResponse
from django.urls import path

from hub.urls import *  # noqa: F403  (handler404 and friends too)
from hub.urls import urlpatterns as hub_urlpatterns


def ceiling(request):
    """Return a short text: the fastest response the stack can give."""
    return HttpResponse("ceiling", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling), *hub_urlpatterns]
