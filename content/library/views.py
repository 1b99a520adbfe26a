from django.views.generic import DetailView, ListView

from content.library.models import Asset


class AssetListView(ListView):
    template_name = "library/asset_list.html"
    context_object_name = "assets"
    paginate_by = 24

    def get_queryset(self):
        return Asset.objects.published().for_listing()


class AssetDetailView(DetailView):
    template_name = "library/asset_detail.html"
    context_object_name = "asset"

    def get_queryset(self):
        return Asset.objects.published().for_listing()
