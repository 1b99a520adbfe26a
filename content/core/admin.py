from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from content.core.models import Audience, Content, ContentDueForReview, ProductArea
from content.core.unsaved import UnsavedWorkMixin
from content.editorial.admin import (
    REVIEW_FIELDS,
    EditorialAdminMixin,
    mark_reviewed_button,
    owner_name,
)
from content.history.admin import HistoryAdminMixin


class ReadOnlyInline:
    """An inline that shows a record's rows and changes none: every field in
    `fields` is read only, and no row is added or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "Due for review"), ("none", "No review date")]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.due_for_review()
        if self.value() == "none":
            return queryset.filter(review_by__isnull=True)
        return queryset


@admin.register(ProductArea)
class ProductAreaAdmin(HistoryAdminMixin, EditorialAdminMixin, UnsavedWorkMixin, admin.ModelAdmin):
    list_display = ["name", "order", "tagline", owner_name, "review_column"]
    list_select_related = ["owner"]
    list_filter = [ReviewFilter, ("owner", admin.RelatedOnlyFieldListFilter)]
    list_editable = ["order"]
    search_fields = ["name", "tagline", "intro"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "tagline", "intro", "order"]}),
        ("Review", {"fields": REVIEW_FIELDS}),
    ]


class StateFilter(admin.SimpleListFilter):
    """Filter by what the public sees: the states the "publishing" column names."""

    title = "publishing"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Content.State.choices

    def queryset(self, request, queryset):
        if self.value() in Content.State.values:
            return queryset.in_state(self.value())
        return queryset


@admin.display(description="publishing", ordering="publish_at")
def publishing(item):
    return item.state_text


# How each state reads after "is"; the public sees only a live item.
STATE_WORDS = {
    Content.State.DRAFT: "in draft",
    Content.State.LIVE: "live",
    Content.State.UNPUBLISHED: "unpublished (taken off the site)",
}


def state_words(item):
    """Say the item's state as it reads after "is": "live", "scheduled for 5 Dec 2026 09:00 GMT"."""
    if item.state == Content.State.SCHEDULED:
        return f"scheduled for {item.publish_at_text}"
    return STATE_WORDS[item.state]


def states_summary(items):
    """Say the state of `items`: "2 items are live, 1 is scheduled for 5 Dec 2026 09:00 GMT."."""
    states = list(Content.State)
    in_order = sorted(items, key=lambda item: (states.index(item.state), item.publish_at))
    parts = []
    for words, count in Counter(state_words(item) for item in in_order).items():
        subject = f"{count} item{pluralize(count)}" if not parts else str(count)
        parts.append(f"{subject} {pluralize(count, 'is,are')} {words}")
    return ", ".join(parts) + "."


class ContentAdmin(HistoryAdminMixin, EditorialAdminMixin, UnsavedWorkMixin, admin.ModelAdmin):
    """What every kind's admin shares: publishing, slugs, tags and a preview.

    A kind's admin sets `kind_fields`, the fields of its own model.
    """

    kind_fields = []
    list_display = ["title", "area", publishing, "publish_at", "updated"]
    list_filter = [
        StateFilter,
        "audience",
        "area",
        "tags",
        ReviewFilter,
        ("owner", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["area"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "preview",
        "state",
        "author",
        "created",
        "updated",
        "first_published_at",
        "former_addresses",
    ]
    date_hierarchy = "publish_at"
    actions = ["publish", "unpublish"]

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["title", "slug", "area", "summary", "body", "preview"]}),
            (capfirst(self.model._meta.verbose_name), {"fields": self.kind_fields}),
            ("Publishing", {"fields": ["state", "status", "publish_at", "tags"]}),
            ("Review", {"fields": REVIEW_FIELDS}),
            ("Audience", {"fields": ["audience", "audience_organisations", "audience_teaser"]}),
            (
                "History",
                {
                    "fields": [
                        "author",
                        "created",
                        "updated",
                        "first_published_at",
                        "former_addresses",
                    ],
                    "classes": ["collapse"],
                },
            ),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "publish_at":
            zone = timezone.get_current_timezone_name()
            field.help_text = (
                f"{db_field.help_text} Date and time in {zone} "
                f"(the site's time zone, now UTC{timezone.localtime():%z}). "
                "A later time schedules the item."
            )
        if db_field.name == "audience":
            # A form sent without the field (a script, an older page) keeps
            # the default, everyone, rather than failing.
            field = forms.TypedChoiceField(
                choices=Audience.choices,
                required=False,
                empty_value=Audience.EVERYONE,
                initial=field.initial,
                label=field.label,
                help_text=field.help_text,
                widget=field.widget,
            )
        return field

    @admin.display(description="publishing state")
    def state(self, obj):
        if obj.pk is None:
            return "Not saved yet."
        return obj.state_text

    @admin.display(description="Former slugs (their addresses redirect here)")
    def former_addresses(self, obj):
        slugs = obj.slug_history.values_list("slug", flat=True) if obj.pk else []
        return ", ".join(slugs) or "None"

    @admin.display(description="Preview of the body as last saved")
    def preview(self, obj):
        if not obj.body_html:
            return "Save to see the rendered body."
        # body_html was sanitised by render_markdown when the item was saved.
        return format_html('<div class="hub-preview">{}</div>', mark_safe(obj.body_html))

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        if obj.status == Content.Status.PUBLISHED:
            obj.publish(keep_date="publish_at" in form.changed_data)
        super().save_model(request, obj, form, change)
        self.message_user(request, f"“{obj}” is {state_words(obj)}.", messages.INFO)

    def view_on_site(self, obj):
        """Link live items to their page and the others to their preview."""
        if obj.is_live:
            return obj.get_absolute_url()
        return reverse("preview", kwargs={"kind": obj.kind, "pk": obj.pk})

    @admin.action(description="Publish the selected items", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Content.publish, "Published: {state}.")

    @admin.action(description="Move the selected items back to draft", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Content.unpublish, "Moved back to draft: {state}.")

    def _set_status(self, request, queryset, change, log_message):
        # save() one by one rather than update(), so that anything kept in step
        # with saves (the search index, caches) sees the change.
        items = []
        for item in queryset:
            change(item)
            # The action skips the form, not the kind's own rules (an online
            # session goes live only with a way to join it).
            try:
                item.clean()
            except ValidationError as error:
                refusal = f"“{item}” is left as it was: {' '.join(error.messages)}"
                self.message_user(request, refusal, messages.ERROR)
                continue
            item.save()
            self.log_change(request, item, log_message.format(state=state_words(item)))
            items.append(item)
        if items:
            self.message_user(request, states_summary(items), messages.SUCCESS)


@admin.register(ContentDueForReview)
class ContentDueForReviewAdmin(admin.ModelAdmin):
    """Every kind's items whose "review by" date has come, oldest first.

    Each member of staff sees the items of the kinds they may edit: an event
    manager their sessions, a content editor FAQ answers and assets.
    """

    list_display = [
        "edit_link",
        "kind_name",
        "area",
        owner_name,
        "review_by",
        publishing,
        "updated",
        "mark_reviewed",
    ]
    list_display_links = None
    list_filter = ["kind", "area", ("owner", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["area", "owner"]
    search_fields = ["title", "summary"]

    def editable_kinds(self, request):
        return [
            kind
            for kind, model in Content.kinds.items()
            if request.user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .due_for_review()
            .filter(kind__in=self.editable_kinds(request))
        )

    def has_view_permission(self, request, obj=None):
        return bool(self.editable_kinds(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="title", ordering="title")
    def edit_link(self, obj):
        meta = obj.kind_model._meta
        url = reverse(
            f"{self.admin_site.name}:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]
        )
        return format_html('<a href="{}">{}</a>', url, obj.title)

    @admin.display(description="kind", ordering="kind")
    def kind_name(self, obj):
        return obj.kind_label

    @admin.display(description="review")
    def mark_reviewed(self, obj):
        return mark_reviewed_button(obj, admin_site=self.admin_site)


class FeedbackAdmin(admin.ModelAdmin):
    """A kind's "Was this helpful?" answers, read-only: they come from
    visitors, editors only read them. The list names the item answered
    (the model's `item_field`); `list_filter` adds the kind's own filters."""

    list_display = ["helpful", "comment", "updated"]
    list_filter = ["helpful"]
    search_fields = ["comment"]
    date_hierarchy = "updated"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        item = model.item_field
        self.list_display = [item, *self.list_display]
        self.list_filter = [*self.list_filter, f"{item}__area"]
        self.list_select_related = [item]
        self.search_fields = [*self.search_fields, f"{item}__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
