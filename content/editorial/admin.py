"""The editorial workflow on every change form: no lost edits, "being edited by", preview.

`EditorialAdminMixin` goes on the admin of every kind and of product areas,
before the ModelAdmin. It keeps to its own methods, URLs and template
(admin/editorial/change_form.html), so that other work on the same admins
(revisions, drafts) merges beside it.
"""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, router, transaction
from django.http import (
    Http404,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from content.core.models import Content
from content.core.views import preview_response
from content.editorial.conflicts import FIELD_NAME, conflict_checked, display_name
from content.editorial.models import PRESENCE_HEARTBEAT_SECONDS, EditingPresence
from content.images.models import Image

# The newest images offered for picking; the library lists them all.
PICKER_IMAGES = 30


class MarkdownTextarea(AdminTextareaWidget):
    """The admin's textarea with a short Markdown syntax guide and an image picker beside it."""

    def render(self, name, value, attrs=None, renderer=None):
        # The guide and picker come from the project's templates, which the
        # form renderer (Django's own and the apps' templates) does not read.
        guide = render_to_string("admin/editorial/includes/markdown_guide.html")
        images = [
            {
                "alt": image.alt,
                "markdown": image.markdown,
                "thumbnail_url": image.url(image.widths[0]),
                "thumbnail_height": image.height_at(80),
            }
            for image in Image.objects.all()[:PICKER_IMAGES]
        ]
        picker = render_to_string(
            "admin/editorial/includes/image_picker.html",
            {
                "images": images,
                "target": (attrs or {}).get("id", ""),
                "library_url": reverse("admin:images_image_changelist"),
            },
        )
        return super().render(name, value, attrs, renderer) + guide + picker


# The "Review" section of every change form: who keeps the item right, and when.
REVIEW_FIELDS = ["owner", "review_by", "review_every_days"]


@admin.display(description="owner", ordering="owner__username")
def owner_name(item):
    return display_name(item.owner) if item.owner else "–"


def mark_reviewed_button(item, *, admin_site):
    """Return a "Mark as reviewed" button for a row of an admin list (inside its form);
    the list it was pressed on comes back, filters and all (the Referer)."""
    model = item.kind_model if isinstance(item, Content) else type(item)
    meta = model._meta
    url = reverse(f"{admin_site.name}:{meta.app_label}_{meta.model_name}_reviewed", args=[item.pk])
    return format_html(
        '<button type="submit" class="button" formaction="{}">'
        'Mark as reviewed<span class="visually-hidden">: {}</span></button>',
        url,
        item,
    )


class EditorialAdminMixin:
    """For the ModelAdmin of an item with a public page and a Markdown text."""

    change_form_template = "admin/editorial/change_form.html"
    markdown_fields = ["body", "intro"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.markdown_fields:
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        # The hidden copy is rendered at the top of the form, not as a row of it.
        return [name for name in super().get_fields(request, obj) if name != FIELD_NAME]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if obj is None or getattr(request, "previewing", False):
            return form_class
        return conflict_checked(form_class, user=request.user)

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/editing/",
                self.admin_site.admin_view(self.editing_view),
                name=f"{name}_editing",
            ),
            # Not admin_view: that sends the signed-out to the sign-in page,
            # and a preview is refused outright to anyone who may not change the item.
            path("<path:object_id>/preview/", self.preview_view, name=f"{name}_preview"),
            path(
                "<path:object_id>/reviewed/",
                self.admin_site.admin_view(self.reviewed_view),
                name=f"{name}_reviewed",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            opts = self.opts
            name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
            EditingPresence.objects.seen(item=obj, user=request.user)
            context.update(
                editing_others=[
                    display_name(user)
                    for user in EditingPresence.objects.others(item=obj, user=request.user)
                ],
                editing_url=reverse(f"{name}_editing", args=[obj.pk]),
                editing_heartbeat_ms=PRESENCE_HEARTBEAT_SECONDS * 1000,
                edit_conflict=getattr(context["adminform"].form, "edit_conflict", None),
                preview_url=(
                    reverse(f"{name}_preview", args=[obj.pk])
                    if self.has_change_permission(request, obj)
                    else None
                ),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        EditingPresence.objects.left(item=obj, user=request.user)
        return super().response_change(request, obj)

    def editing_view(self, request, object_id):
        """Say that the form is still open (or closed, with `leaving`); answer who else has it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404("No such item.")
        if request.POST.get("leaving"):
            EditingPresence.objects.left(item=obj, user=request.user)
            return JsonResponse({"others": []})
        EditingPresence.objects.seen(item=obj, user=request.user)
        try:
            others = EditingPresence.objects.others(item=obj, user=request.user)
        except DatabaseError:
            # A busy database costs the hint its freshness, nothing more.
            return JsonResponse({"others": None})
        return JsonResponse({"others": [display_name(user) for user in others]})

    def preview_view(self, request, object_id):
        """Render the item's public page from the form as sent, unsaved.

        Nothing is written: the form is only validated, and the page is
        rendered inside a transaction that is rolled back.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        user = request.user
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such item.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        request.previewing = True
        note = f"Your unsaved changes; the saved item is {self.saved_state(obj)}"
        form = self.get_form(request, obj, change=True)(request.POST, request.FILES, instance=obj)
        # Valid fields are copied onto the item; a field in error keeps its saved value.
        form.is_valid()
        if form.errors:
            note += ". Fields with mistakes show what is saved"
        item = form.instance
        item.render_html()
        # The public page answers GET; its form (registration, feedback) must
        # not take this POST, meant for the preview, as its own.
        request.method = "GET"
        request.POST = QueryDict()
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = preview_response(request, item, note=note)
            response.render()
            transaction.set_rollback(True)
        return response

    def reviewed_view(self, request, object_id):
        """Mark the item reviewed: its next review is one interval from today. One click."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such item.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        obj.mark_reviewed()
        next_review = date_format(obj.review_by, "j F Y")
        self.log_change(request, obj, f"Marked as reviewed; next review by {next_review}.")
        self.message_user(
            request,
            f"“{obj}” is marked as reviewed; next review by {next_review}.",
            messages.SUCCESS,
        )
        next_url = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[obj.pk],
            )
        return HttpResponseRedirect(next_url)

    @admin.display(description="review")
    def review_column(self, obj):
        """Say when the item is due for review, with a button once it is."""
        if obj.review_by is None:
            return "No review date"
        if obj.review_by > timezone.localdate():
            return date_format(obj.review_by, "j M Y")
        return mark_reviewed_button(obj, admin_site=self.admin_site)

    def saved_state(self, obj):
        state = getattr(obj, "state_text", None)
        return state.lower() if state else "on the site"
