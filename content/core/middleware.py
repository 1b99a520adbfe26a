"""Send visitors of an item's former address to where it lives now."""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from content.core.models import Content, SlugHistory


class SlugRedirectMiddleware:
    """Answer a 404 at any address of an item under a former slug with a 301
    to the same address under its current one.

    An address is an item's when it takes a `slug` and lies in the URL
    namespace of a kind's detail page ("library" for "library:detail"), so an
    address added to a kind's URLconf later redirects too. The history points
    at the item, not at the next slug, so a chain of renames is one hop. It
    works on the response, as django.contrib.redirects does, so that no kind's
    view needs to know about slug history; a live item always wins.
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
        kind = self.namespace_kinds().get(match.namespace)
        if kind is None or "slug" not in match.kwargs:
            return response
        item = SlugHistory.find_current(kind=kind, slug=match.kwargs["slug"])
        if item is None:
            return response
        target = reverse(match.view_name, kwargs=match.kwargs | {"slug": item.slug})
        if request.META.get("QUERY_STRING"):
            target = f"{target}?{request.META['QUERY_STRING']}"
        return HttpResponsePermanentRedirect(target)

    @staticmethod
    def namespace_kinds():
        return {
            model.detail_url_name.rpartition(":")[0]: kind for kind, model in Content.kinds.items()
        }
