"""Send visitors of an item's former address to where it lives now."""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve

from content.core.models import Content, SlugHistory


class SlugRedirectMiddleware:
    """Answer a 404 on a kind's detail page with a 301 when the slug was changed.

    It works on the response, as django.contrib.redirects does, so that no
    kind's view needs to know about slug history; a live item always wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return response
        kind = self.detail_url_kinds().get(match.view_name)
        if kind is None or "slug" not in match.kwargs:
            return response
        item = SlugHistory.find_current(kind=kind, slug=match.kwargs["slug"])
        if item is None:
            return response
        target = item.get_absolute_url()
        if request.META.get("QUERY_STRING"):
            target = f"{target}?{request.META['QUERY_STRING']}"
        return HttpResponsePermanentRedirect(target)

    @staticmethod
    def detail_url_kinds():
        return {model.detail_url_name: kind for kind, model in Content.kinds.items()}
