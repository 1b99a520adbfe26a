from urllib.parse import urlencode

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView, View

from content.core.links import absolute_url
from content.core.models import visitor_of
from content.core.ratelimit import hit, ratelimit
from content.search import guidance
from content.search.engine import search
from content.search.forms import SearchApiForm, SearchForm
from content.search.models import SearchGap

DEFAULT_API_LIMIT = 10


def facet_links(request, facets, name, *, multiple=False):
    """Give each facet the query string that toggles it, keeping the query and other facets."""
    for facet in facets:
        params = request.GET.copy()
        params.pop("page", None)
        if multiple:
            values = [value for value in params.getlist(name) if value != facet.value]
            if not facet.selected:
                values.append(facet.value)
            params.setlist(name, values)
        elif facet.selected:
            params.pop(name, None)
        else:
            params[name] = facet.value
        facet.query_string = params.urlencode()
    return facets


class RecordsGapsMixin:
    """Count each search that found nothing, and keep its page out of every cache.

    A page served from the page cache (or a browser's) never reaches the view,
    so a cached "nothing matched" page would count its query once, however
    often people asked. Pages with results stay cacheable.
    """

    found_nothing = False

    def record_gap(self, query):
        # Each client adds at most its "search-gaps" rate of new gaps; past it,
        # its searches still count up the gaps others found.
        SearchGap.record(query, may_add=not hit("search-gaps", self.request))
        self.found_nothing = True

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.found_nothing:
            add_never_cache_headers(response)
            response.found_nothing = True  # the insights middleware counts it as such
        return response


class SearchView(RecordsGapsMixin, TemplateView):
    """Site-wide search over every published item, with facets and pagination."""

    template_name = "search/search.html"
    page_size = 10

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        values = form.values()
        results = search(**values, page_size=self.page_size, visitor=visitor_of(self.request))
        filtered = values["kinds"] or values["area"] or values["tags"]
        if results.is_gap and not filtered:
            self.record_gap(results.query)
        areas = guidance.all_areas() if results.query else []
        named = guidance.area_named(results.query, areas) if not results.complete else None
        facet_links(self.request, results.kinds, "kind")
        facet_links(self.request, results.areas, "area")
        facet_links(self.request, results.tags, "tag", multiple=True)
        applied = sum(facet.selected for facet in [*results.kinds, *results.areas, *results.tags])
        return super().get_context_data(
            form=form,
            query=results.query,
            results=results,
            ignored=form.errors,
            facets_applied=applied,
            areas_about=guidance.areas_about(results.query, areas) if results.page == 1 else [],
            area_named=named,
            area_items=guidance.items_of(named) if named else [],
            ask=urlencode({"topic": "support", "subject": results.query}),
            suggestion=urlencode({"q": results.suggestion}) if results.suggestion else "",
            **kwargs,
        )


# HEAD runs the same search as GET (Django answers it with get()), so it counts too.
@method_decorator(ratelimit("search-api", methods=("GET", "HEAD"), as_json=True), name="dispatch")
class SearchApiView(View):
    """Search as JSON, for the search box's suggestions and for other tools."""

    def get(self, request):
        form = SearchApiForm(request.GET)
        if not form.is_valid():
            return JsonResponse(
                {
                    "error": "Some parameters are not valid.",
                    "errors": {name: list(errors) for name, errors in form.errors.items()},
                },
                status=400,
            )
        values = form.values()
        results = search(
            **values,
            page_size=form.cleaned_data["limit"] or DEFAULT_API_LIMIT,
            card_facts=False,
            visitor=visitor_of(request),
        )
        return JsonResponse(
            {
                "query": results.query,
                "total": results.total,
                "results": [
                    {
                        "title": hit.item.title,
                        "url": absolute_url(hit.item.get_absolute_url()),
                        "kind": hit.item.kind,
                        "area": hit.item.area.name if hit.item.area else None,
                        "snippet": str(hit.snippet),
                    }
                    for hit in results.hits
                ],
            }
        )


class OpenSearchView(TemplateView):
    """Describe the hub's search so that browsers can offer it in their address bar."""

    template_name = "search/opensearch.xml"
    content_type = "application/opensearchdescription+xml"
