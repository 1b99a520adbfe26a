from django.contrib import admin

from content.search.models import PromotedResult, SearchGap, Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "equivalents"]
    search_fields = ["term", "equivalents"]


@admin.register(PromotedResult)
class PromotedResultAdmin(admin.ModelAdmin):
    list_display = ["query", "content", "position"]
    list_editable = ["position"]
    list_select_related = ["content"]
    search_fields = ["query", "content__title"]
    raw_id_fields = ["content"]


@admin.register(SearchGap)
class SearchGapAdmin(admin.ModelAdmin):
    """The queries that found nothing, most frequent first: what to write next."""

    list_display = ["query", "count", "last_searched", "first_searched"]
    search_fields = ["query"]
    date_hierarchy = "last_searched"
    readonly_fields = ["query", "count", "first_searched", "last_searched"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
