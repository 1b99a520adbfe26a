"""Revisions, drafts of live items and recently deleted items, in the admin.

`HistoryAdminMixin` goes on the admin of every kind and of product areas. It
keeps to its own methods, URLs and templates (`templates/admin/history/`):

- Every save and add runs in one django-reversion revision (who, when, the
  change message), holding the item as saved: fields, tags, areas, file,
  former slugs; a bulk action records one revision per item it changed.
- The item's *History* lists its revisions; any two, the live version or the
  pending draft can be compared field by field; *Restore* opens the change
  form filled with a revision, and saving it is an ordinary save: the same
  form, the same checks, the same permission, a new revision.
- On a live item, *Save draft* keeps the form's values aside (a `Draft`)
  after the same validation as a save; the live row, and so every public
  channel, is untouched. The change form then opens on the draft, and
  *Publish* saves it as any save does (one transaction; search index and
  page cache follow the save's signals) and drops it.
- A deleted item's last state is kept as a revision (`Deletion`) and listed
  under *Recently deleted* for HISTORY_DELETED_DAYS days, restorable with its
  tags and former addresses.
"""

from dataclasses import dataclass

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from content.history.compare import compare
from content.history.models import Deletion, Draft
from content.history.revisions import (
    RestoreRefused,
    deletion_restore,
    record_deletion,
    versions_of,
)
from content.history.snapshots import (
    apply_to_instance,
    form_initial,
    from_json,
    snapshot_of_object,
    snapshot_of_version,
    to_json,
    tracked_fields,
)

# The change form says, in this hidden field, what it was opened on: "draft"
# or "version:<pk>", so that a file kept there survives a save that uploads none.
SOURCE_FIELD = "_history_source"
SAVE_DRAFT = "_save_draft"


def when(moment):
    return dateformat.format(timezone.localtime(moment), "j M Y H:i T")


def who(user):
    return user.get_username() if user else "someone no longer on the staff"


@dataclass(frozen=True)
class Source:
    """What a change form was opened on besides the live row."""

    key: str
    snapshot: dict
    label: str


class HistoryAdminMixin:
    change_form_template = "admin/history/change_form.html"
    change_list_template = "admin/history/change_list.html"

    # --- Recording revisions -------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id and request.method == "POST" and SAVE_DRAFT in request.POST:
            saved = self.draft_save(request, object_id)
            if saved is not None:
                return saved
            # Not valid: the ordinary view validates the same form again and
            # shows its errors with everything typed; it saves nothing.
        if object_id and not hasattr(request, "history_source"):
            request.history_source = self.history_source(request, unquote(object_id))
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._revision_holds(request, obj, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._revision_holds(request, obj, entry)
        return entry

    def _revision_holds(self, request, obj, entry):
        """Put `obj` as it is now (tags and former slugs saved) in the change form's
        revision; a change made elsewhere (a bulk action's, item by item) gets its own."""
        comment = entry.get_change_message() if entry else ""
        source = getattr(request, "history_source", None)
        if source is not None and request.POST.get(SOURCE_FIELD) == source.key:
            comment = f"{source.label}. {comment}"
        if reversion.is_active():
            reversion.set_comment(comment)
            reversion.add_to_revision(obj)
            return
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            reversion.add_to_revision(obj)

    def delete_model(self, request, obj):
        record_deletion(obj, user=request.user)
        Draft.objects.for_object(obj).delete()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_deletion(obj, user=request.user)
            Draft.objects.for_object(obj).delete()
        super().delete_queryset(request, queryset)

    # --- What the change form was opened on ---------------------------------

    def history_source(self, request, object_id):
        """Return the draft or revision a change form shows or sent, or None.

        A GET shows the pending draft; a POST names what its form showed."""
        key = request.POST.get(SOURCE_FIELD) if request.method == "POST" else "draft"
        if key == "draft":
            draft = self._draft(object_id)
            if draft is not None:
                label = f"Published the draft of {who(draft.author)}"
                return Source("draft", from_json(self.model, draft.data), label)
        elif key and key.startswith("version:") and key[len("version:") :].isdigit():
            version = versions_of(self.model, object_id).filter(pk=key[len("version:") :])
            return self._version_source(version.first())
        return None

    def _version_source(self, version):
        if version is None:
            return None
        label = (
            f"Restored the version of {when(version.revision.date_created)} "
            f"by {who(version.revision.user)}"
        )
        return Source(f"version:{version.pk}", snapshot_of_version(version), label)

    def _draft(self, object_id):
        content_type = ContentType.objects.get_for_model(self.model)
        drafts = Draft.objects.filter(content_type=content_type, object_id=str(object_id))
        return drafts.select_related("author").first()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        source = getattr(request, "history_source", None)
        if request.method != "GET" or source is None or obj is None:
            return form_class
        apply_to_instance(obj, source.snapshot)
        initial = form_initial(self.model, source.snapshot)

        class SnapshotForm(form_class):
            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        return SnapshotForm

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        source = getattr(request, "history_source", None)
        if source is None or request.POST.get(SOURCE_FIELD) != source.key:
            return obj
        # A file input cannot be filled in: a form opened on a draft or a
        # revision keeps its file unless a new one is chosen or it is cleared.
        for field in tracked_fields(type(obj)):
            name = field.name
            if (
                isinstance(field, models.FileField)
                and name in source.snapshot
                and name in form.fields
                and name not in form.files
                and form.cleaned_data.get(name) is not False
            ):
                setattr(obj, name, source.snapshot[name])
        return obj

    def save_model(self, request, obj, form, change):
        if SAVE_DRAFT in request.POST:
            raise PermissionDenied("A draft is never saved over the live item.")
        super().save_model(request, obj, form, change)
        publishing_draft = change and request.POST.get(SOURCE_FIELD) == "draft"
        if publishing_draft and Draft.objects.for_object(obj).delete()[0]:
            self.message_user(request, "The draft is published.", messages.SUCCESS)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            context.update(self.history_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_context(self, request, obj):
        source = getattr(request, "history_source", None)
        draft = self._draft(obj.pk)
        return {
            "history_source": source,
            "history_draft": draft,
            "history_draft_offered": self.is_public(obj) or draft is not None,
            "history_compare_draft_url": self._url("history_compare", obj.pk)
            + "?before=live&after=draft",
            "history_discard_url": self._url("draft_discard", obj.pk),
        }

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = getattr(request, "resolver_match", None)
        if match is None or not match.url_name.endswith("_changelist"):
            return queryset
        content_type = ContentType.objects.get_for_model(self.model)
        drafts = Draft.objects.filter(
            content_type=content_type, object_id=Cast(OuterRef("pk"), models.CharField())
        )
        return queryset.annotate(
            history_draft_since=Subquery(drafts.values("created")[:1]),
            history_draft_by=Subquery(drafts.values("author__username")[:1]),
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "pending_draft"]

    @admin.display(description="draft")
    def pending_draft(self, obj):
        since = getattr(obj, "history_draft_since", None)
        if since is None:
            return ""
        by = getattr(obj, "history_draft_by", None) or "someone no longer on the staff"
        return f"Pending since {when(since)}, by {by}"

    def is_public(self, obj):
        """Say whether visitors see `obj` now: a live item, or any area."""
        rows = self.model._default_manager.filter(pk=obj.pk)
        return rows.published().exists() if hasattr(rows, "published") else True

    # --- Drafts ---------------------------------------------------------------

    def draft_save(self, request, object_id):
        """Keep the form's values as the item's draft; return None when they are not valid."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        request.history_source = self.history_source(request, obj.pk)
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        form = self.get_form(request, obj, change=True, fields=fields)(
            request.POST, request.FILES, instance=obj
        )
        if not form.is_valid():
            return None
        with transaction.atomic():
            obj = self.save_form(request, form, change=True)
            for field in tracked_fields(type(obj)):
                if isinstance(field, models.FileField):
                    # Stores a newly chosen file under a name of its own; the
                    # live item keeps pointing at its current one.
                    field.pre_save(obj, add=False)
            snapshot = snapshot_of_object(obj, cleaned_data=form.cleaned_data)
            content_type = ContentType.objects.get_for_model(obj)
            Draft.objects.update_or_create(
                content_type=content_type,
                object_id=str(obj.pk),
                defaults={"data": to_json(snapshot), "author": request.user},
            )
            super().log_change(request, obj, "Saved a draft; the live version is unchanged.")
        self.message_user(
            request,
            "The draft is saved. Visitors see the live version until you publish it.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def draft_discard_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if Draft.objects.for_object(obj).delete()[0]:
            super().log_change(request, obj, "Discarded the draft.")
            self.message_user(request, "The draft is discarded.", messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", obj.pk))

    # --- History, compare, restore -------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self._viewable(request, object_id)
        draft = self._draft(obj.pk)
        context = {
            **self.admin_site.each_context(request),
            **self._page_context(obj, f"History of “{obj}”"),
            "versions": versions_of(self.model, obj.pk),
            "draft": draft,
            "can_restore": self.has_change_permission(request, obj),
            "compare_url": self._url("history_compare", obj.pk),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/object_history.html", context)

    def history_compare_view(self, request, object_id):
        obj = self._viewable(request, object_id)
        sides = [self._side(obj, request.GET.get(name, "")) for name in ("before", "after")]
        context = {
            **self.admin_site.each_context(request),
            **self._page_context(obj, f"Compare versions of “{obj}”"),
            "history_url": self._url("history", obj.pk),
        }
        if None in sides:
            context["error"] = (
                "Choose two versions to compare: each must be one of this item's "
                "revisions, its live version or its draft."
            )
            return TemplateResponse(request, "admin/history/compare.html", context, status=400)
        (before_label, before), (after_label, after) = sides
        context.update(
            before_label=before_label,
            after_label=after_label,
            changes=compare(self.model, before, after),
        )
        return TemplateResponse(request, "admin/history/compare.html", context)

    def _side(self, obj, key):
        """Return (label, snapshot) for "live", "draft" or a revision's version pk."""
        if key == "live":
            return "Live version (as saved now)", snapshot_of_object(obj)
        if key == "draft":
            draft = self._draft(obj.pk)
            if draft is None:
                return None
            label = f"Draft by {who(draft.author)}, saved {when(draft.updated)}"
            return label, from_json(self.model, draft.data)
        if key.isdigit():
            version = versions_of(self.model, obj.pk).filter(pk=key).first()
            if version is not None:
                revision = version.revision
                label = f"Revision of {when(revision.date_created)} by {who(revision.user)}"
                return label, snapshot_of_version(version)
        return None

    def history_restore_view(self, request, object_id, version_id):
        """Open the change form filled with a revision; saving it restores it."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = versions_of(self.model, obj.pk).filter(pk=version_id).first()
        if version is None:
            raise Http404("No such revision of this item.")
        request.history_source = self._version_source(version)
        return self.changeform_view(request, object_id, request.path)

    # --- Recently deleted -----------------------------------------------------

    def deleted_list_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        content_type = ContentType.objects.get_for_model(self.model)
        deletions = Deletion.objects.recent().filter(content_type=content_type)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Recently deleted {self.opts.verbose_name_plural}",
            "deletions": deletions.select_related("revision__user"),
            "can_restore": self.can_restore_deleted(request),
            "days": settings.HISTORY_DELETED_DAYS,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/deleted_list.html", context)

    def can_restore_deleted(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def deleted_restore_view(self, request, deletion_id):
        if not self.can_restore_deleted(request):
            raise PermissionDenied
        content_type = ContentType.objects.get_for_model(self.model)
        deletion = Deletion.objects.recent().filter(pk=deletion_id, content_type=content_type)
        deletion = deletion.first()
        if deletion is None:
            raise Http404("No such deleted item, or it was deleted too long ago.")
        try:
            obj = deletion_restore(deletion, user=request.user)
        except RestoreRefused as refusal:
            self.message_user(request, f"“{deletion}” was not restored: {refusal}", messages.ERROR)
            return HttpResponseRedirect(self._url("deleted"))
        super().log_addition(request, obj, "Restored after it was deleted.")
        self.message_user(
            request,
            format_html(
                '“<a href="{}">{}</a>” is restored, with its tags and former addresses.',
                self._url("change", obj.pk),
                obj,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", obj.pk))

    # --- Plumbing -------------------------------------------------------------

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("deleted/", view(self.deleted_list_view), name=f"{info}_deleted"),
            path(
                "deleted/<int:deletion_id>/restore/",
                view(require_POST(self.deleted_restore_view)),
                name=f"{info}_deleted_restore",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.history_compare_view),
                name=f"{info}_history_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.history_restore_view),
                name=f"{info}_history_restore",
            ),
            path(
                "<path:object_id>/draft/discard/",
                view(require_POST(self.draft_discard_view)),
                name=f"{info}_draft_discard",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return reverse(f"{self.admin_site.name}:{info}_{name}", args=args)

    def _viewable(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _page_context(self, obj, title):
        return {
            "opts": self.opts,
            "object": obj,
            "title": title,
            "change_url": self._url("change", obj.pk),
        }
