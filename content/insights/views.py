from urllib.parse import urlsplit

from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.views import View

from content.insights import recording
from content.insights.forms import SearchClickForm
from content.insights.middleware import is_robot, page_of
from content.insights.models import Kind


class SearchClickView(View):
    """Count a click on a search result, then send the visitor on to it.

    The result's link carries its own address, so it works without
    JavaScript, and the count is a list append: the visitor waits for nothing.
    """

    def get(self, request):
        form = SearchClickForm(request.GET)
        if not form.is_valid():
            raise BadRequest("This link to a search result is not valid.")
        to = form.cleaned_data["to"]
        # A click without its query (a hand-made link) tells nothing about search.
        if form.cleaned_data["q"] and not is_robot(request):
            page = page_of(urlsplit(to).path)
            recording.record(
                Kind.CLICK,
                page=page[1:] if page and page[1] else (),
                query=form.cleaned_data["q"],
                position=form.cleaned_data["position"],
            )
        response = HttpResponseRedirect(to)
        add_never_cache_headers(response)
        return response
