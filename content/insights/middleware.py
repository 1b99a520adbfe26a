"""Count what visitors open, whether the page cache or a view answers."""

import re
from functools import cache, lru_cache

from django.urls import Resolver404, resolve

from content.core.models import Content
from content.insights import recording
from content.insights.models import Kind

# Crawlers and link checkers are not readers.
ROBOTS = re.compile(r"bot|crawl|spider|slurp|monitor|externalhit|curl|wget|python-", re.IGNORECASE)
# Narrowing a search by a facet or turning its page is not a new search.
REFINEMENTS = ("page", "kind", "area", "tag")
SEARCH_PAGE = "search:search"
DOWNLOAD_PAGE = "library:download"


def is_robot(request):
    # META, not request.headers: that would parse every header of the request.
    return bool(ROBOTS.search(request.META.get("HTTP_USER_AGENT", "")))


# An address always resolves alike, and resolving costs more than the rest of
# the counting together: remember the addresses asked most.
@lru_cache(maxsize=4096)
def page_of(path):
    """Return (URL name, content kind, slug) of an address, or None when it is no page of ours."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    slug = match.kwargs.get("slug", "")
    return match.view_name, kinds_by_namespace().get(match.namespace) if slug else None, slug


@cache
def kinds_by_namespace():
    """Return {URL namespace: content kind}, e.g. {"faq": "faq", "library": "asset"}."""
    return {model.detail_url_name.split(":")[0]: kind for kind, model in Content.kinds.items()}


class InsightsMiddleware:
    """Count views of items, downloads and searches as their responses go out.

    It sits before content.pagecache.middleware.CachedPageMiddleware, so that a page the
    cache answers counts like one a view rendered; it reads only the address
    and the status, and records in memory (content.insights.recording).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and response.status_code == 200 and not is_robot(request):
            self.count(request, response)
        return response

    @staticmethod
    def count(request, response):
        page = page_of(request.path_info)
        if page is None:
            return
        name, kind, slug = page
        if name == SEARCH_PAGE:
            query = request.GET.get("q", "").strip()
            if query and not any(request.GET.get(param) for param in REFINEMENTS):
                # A search that found nothing is never stored by the page
                # cache, so only a view answers it, and the view says so.
                found = not getattr(response, "found_nothing", False)
                recording.record(Kind.SEARCH, query=query, found=found)
        elif name == DOWNLOAD_PAGE:
            recording.record(Kind.DOWNLOAD, page=(kind, slug))
        elif kind and name == Content.kinds[kind].detail_url_name:
            recording.record(Kind.VIEW, page=(kind, slug))
