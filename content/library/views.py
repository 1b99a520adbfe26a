from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.generic import DetailView, ListView

from content.core import changes
from content.core.feedback import FeedbackMixin
from content.core.models import visitor_of
from content.core.ratelimit import ratelimit
from content.core.uploads import stored_file_response
from content.core.views import AudienceMixin, PreviewMixin, SharedListMixin
from content.library.filters import AssetFilter
from content.library.models import Asset, Feedback

RELATED_ASSETS = 4


class AssetListView(SharedListMixin, ListView):
    """Every published asset, newest first, narrowed by the filters in the query string."""

    template_name = "library/asset_list.html"
    context_object_name = "assets"
    paginate_by = 24

    def get(self, request, *args, **kwargs):
        self.visitor = visitor_of(request)
        self.filters = AssetFilter(request.GET, Asset.objects.listed(self.visitor))
        page = request.GET.get("page", "").strip()
        canonical = self.filters.query_string(page="" if page == "1" else page)
        if request.GET and request.GET.urlencode() != canonical:
            # Empty fields of the form, a different order or page=1: one address per result.
            return HttpResponseRedirect(
                f"{request.path}?{canonical}" if canonical else request.path
            )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filters.filtered().for_listing().order_by("-publish_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"].number if context["page_obj"].number > 1 else ""
        query = self.filters.query_string(page=page)
        context["canonical_url"] = f"{self.request.path}?{query}" if query else self.request.path
        context["filters"] = self.filters
        # The same for everyone of one audience who picks these filters, and
        # the dearest part of the page: counted once until the library next changes.
        context["facets"] = changes.remembered(
            f"library-facets:{self.visitor.cache_key}:{self.filters.query_string()}",
            self.filters.facets,
        )
        return context


class UpdateListView(SharedListMixin, ListView):
    """Technical updates and blogs, newest first."""

    template_name = "library/update_list.html"
    context_object_name = "updates"
    paginate_by = 20

    def get_queryset(self):
        return Asset.objects.listed(visitor_of(self.request)).updates().for_listing()


@method_decorator(ratelimit("feedback", tries=True), name="dispatch")
class AssetDetailView(AudienceMixin, FeedbackMixin, PreviewMixin, DetailView):
    """An asset's page; a POST is a "Was this helpful?" answer."""

    template_name = "library/asset_detail.html"
    context_object_name = "asset"
    feedback_model = Feedback

    def get_queryset(self):
        return Asset.objects.listed(visitor_of(self.request)).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related=SimpleLazyObject(
                lambda: (
                    Asset.objects.published(visitor_of(self.request))
                    .select_related("area")
                    .related_to(self.object, RELATED_ASSETS)
                )
            ),
            # The public download of an item that is not live answers 404.
            download_url=reverse("admin:library_asset_file", args=[self.object.pk])
            if self.preview_item
            else self.object.get_download_url(),
            **kwargs,
        )


def asset_file_response(asset):
    """Return a response serving the asset's file, or raise Http404 without one."""
    return stored_file_response(asset.file, filename=asset.slug)


class AssetDownloadView(View):
    """Serve a live asset's file to a visitor who may read it, counting the download.

    Checked on every request: the file has no public address of its own.
    """

    def get(self, request, slug):
        asset = get_object_or_404(Asset.objects.published(visitor_of(request)), slug=slug)
        response = asset_file_response(asset)
        if request.method == "GET":  # a HEAD request only asks about the file
            Asset.objects.filter(pk=asset.pk).update(download_count=F("download_count") + 1)
        return response
