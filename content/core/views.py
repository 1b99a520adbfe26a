from django.contrib.auth import get_permission_codename
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import resolve
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import ListView
from taggit.models import Tag

from content.core import changes
from content.core.models import Content, visitor_of
from content.pagecache.middleware import PublicPageCacheMiddleware


class TeaserOnly(Exception):
    """The visitor may see that the item exists, but not read it."""

    def __init__(self, item):
        self.item = item


def audience_check(request, item):
    """Raise TeaserOnly or Http404 unless the request's visitor may read `item`."""
    if item.readable_by(visitor_of(request)):
        return
    if item.audience_teaser:
        raise TeaserOnly(item)
    raise Http404("No such item.")


def teaser_response(request, item):
    """The teaser page: title, summary and "Sign in to read"; never indexed.

    An anonymous visitor's teaser is the same for every anonymous visitor, so
    the page cache may keep it; a signed-in visitor's page is never shared.
    """
    response = render(
        request,
        "core/teaser.html",
        {"item": item, "signed_in": visitor_of(request).signed_in},
        status=200 if request.method in ("GET", "HEAD") else 403,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


class AudienceMixin:
    """A detail view whose item may be kept for an audience: the visitor reads
    it, sees its teaser, or gets a 404. The view's queryset is `listed()`."""

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        if getattr(self, "preview_item", None) is None:
            audience_check(self.request, item)
        return item

    def dispatch(self, request, *args, **kwargs):
        try:
            response = super().dispatch(request, *args, **kwargs)
        except TeaserOnly as teaser:
            return teaser_response(request, teaser.item)
        item = getattr(self, "object", None)
        if item is not None and item.is_gated:
            # Kept for an audience: search engines must not list it.
            response["X-Robots-Tag"] = "noindex"
        return response


class KeptCountPaginator(Paginator):
    """A paginator whose total is kept under `key` until public pages change."""

    def __init__(self, *args, key, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key

    @cached_property
    def count(self):
        return changes.remembered(self.key, lambda: super(KeptCountPaginator, self).count)


class SharedListMixin:
    """For a ListView that every visitor of one audience sees alike: counting
    its rows, one query over every match, is done once per audience until
    public pages change."""

    paginator_class = KeptCountPaginator

    def get_paginator(self, *args, **kwargs):
        parts = [
            visitor_of(self.request).cache_key,
            PublicPageCacheMiddleware.page_key(self.request),
        ]
        key = changes.key_of("count", parts)
        return super().get_paginator(*args, key=key, **kwargs)


class TagDetailView(SharedListMixin, ListView):
    """Everything public with one tag, whatever its kind, newest first."""

    template_name = "core/tag_detail.html"
    context_object_name = "items"
    paginate_by = 24
    # A tag that only drafts and scheduled items carry is not public yet: its
    # page would tell that something is coming under that name.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        visitor = visitor_of(self.request)
        return Content.objects.listed(visitor).filter(tags=self.tag).for_listing().with_kinds()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class PreviewMixin:
    """Let a kind's detail view show a given item, live or not, as a preview.

    Every kind's detail view takes it, so that preview_response() can render
    the kind's real page; the public view still finds its item through
    published(), since `preview_item` is only ever set by preview_response().

    Outside a preview, the item as the view's queryset finds it for the
    visitor's audience (annotations and prefetched relations included) is
    kept until public pages change: building and compiling that query costs
    a fresh render more than any other part of it.
    """

    preview_item = None
    # What the banner says; by default the item's publishing state.
    preview_note = ""

    def get_object(self, queryset=None):
        if self.preview_item is not None:
            return self.preview_item
        if queryset is not None:
            return super().get_object(queryset)
        parts = [type(self).__qualname__, sorted(self.kwargs.items())]
        parts.append(visitor_of(self.request).cache_key)
        key = changes.key_of("object", parts)
        return changes.remembered(key, lambda: super(PreviewMixin, self).get_object())

    def get_context_data(self, **kwargs):
        if self.preview_item is not None:
            # base.html shows the banner and the noindex tag for `preview`.
            kwargs["preview"] = self.preview_note or self.preview_item.state_text
            kwargs["canonical_url"] = self.preview_item.get_absolute_url()
        return super().get_context_data(**kwargs)


def can_preview(user, model):
    """Say whether `user` may see items of `model` that are not live."""
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and any(
            user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("view", "change")
        )
    )


def preview_response(request, item, note=""):
    """Render `item` with its kind's public page, marked as a preview.

    The page is never stored by a cache and never indexed. `item` need not be
    saved: the page is rendered from it, not looked up by its slug. `note`
    replaces the item's state in the banner.
    """
    match = resolve(item.get_absolute_url())
    view = match.func.view_class.as_view(preview_item=item, preview_note=note)
    response = view(request, *match.args, **match.kwargs)
    # A shared cache must not keep a page that is not public; the page cache
    # leaves alone any response with a Cache-Control of its own.
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


class ContentPreviewView(View):
    """Show staff the public page of an item of any kind before it is live.

    Anyone who may not see the kind's items gets a 404, as for an address
    that does not exist, so that the preview reveals nothing.
    """

    def get(self, request, kind, pk):
        model = Content.kinds.get(kind)
        if model is None or not can_preview(request.user, model):
            raise Http404("No such item.")
        return preview_response(request, get_object_or_404(model, pk=pk))
