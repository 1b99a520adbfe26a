"""The one content model that every kind of content extends, and product areas.

FAQ questions, technical assets and Phish & Chips sessions are rows of
`Content` first (multi-table inheritance, as Wagtail's Page), so search, tag
pages, "latest" lists, the sitemap and the admin's content list each query
one table. `Content.objects.published(visitor)` is the only rule for what a
visitor may read, and `listed(visitor)` for what they see listed (a teaser of
an item kept for another audience); both build on `live()`, the publishing
rule, and `readable_by(visitor)`, the audience rule. `Counter` holds the
security counters (rate limits, lockouts, mail bounds) that must outlive the
cache.
"""

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connections, models
from django.db.models import Count, ExpressionWrapper, Prefetch, Q
from django.urls import resolve, reverse
from django.utils import dateformat, timezone
from django.utils.text import capfirst
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from content.core.markdown import check_markdown, render_markdown


class ReviewQuerySet(models.QuerySet):
    def due_for_review(self):
        """Return items whose "review by" date has come, oldest date first."""
        return self.filter(review_by__lte=timezone.localdate()).order_by("review_by")


REVIEW_EVERY_DAYS = 180


class Reviewable(models.Model):
    """An owner and a review date, as Zendesk's article verification has.

    Every kind and every product area has them: from the "review by" date the
    item is listed under "Content due for review", and its owner is reminded
    by email (send_review_reminders). Marking it reviewed moves the date on.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
        help_text="The member of staff who keeps this right. They get an email, at most "
        "weekly, when its review is due.",
    )
    review_by = models.DateField(
        "review by",
        null=True,
        blank=True,
        help_text="When to check this item is still right. From this date it is listed "
        "under 'Content due for review'. Empty: never.",
    )
    review_every_days = models.PositiveSmallIntegerField(
        "review every (days)",
        default=REVIEW_EVERY_DAYS,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="How far 'Mark as reviewed' moves the review date on, from the day "
        f"it is pressed. Empty: {REVIEW_EVERY_DAYS}.",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        # A form sent without the field (an older form, a script) keeps the default.
        if self.review_every_days is None:
            self.review_every_days = REVIEW_EVERY_DAYS

    def mark_reviewed(self):
        """Set the next review a review interval from today, changing nothing else.

        Only the date is written: a review is no edit, so the item keeps its
        "updated" time and public pages stay as they are.
        """
        self.review_by = timezone.localdate() + timedelta(days=self.review_every_days)
        type(self)._default_manager.filter(pk=self.pk).update(review_by=self.review_by)


class ProductArea(Reviewable):
    """A product area such as Insider Risk: data, so a new one needs no deploy."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    tagline = models.CharField(
        max_length=300,
        help_text="One sentence shown on the area's card on the home page.",
    )
    intro = models.TextField(
        blank=True, help_text="Introduction at the top of the area page, in Markdown."
    )
    intro_html = models.TextField(editable=False, blank=True)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Areas are listed from the lowest number up."
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.render_html()
        super().save(*args, **kwargs)

    def render_html(self):
        """Render the Markdown intro, on save and for a preview of unsaved changes."""
        self.intro_html = render_markdown(self.intro)

    def clean(self):
        super().clean()
        check_markdown(self.intro, field="intro")

    def get_absolute_url(self):
        return reverse("areas:detail", kwargs={"slug": self.slug})


class Audience(models.TextChoices):
    """Who may read an item."""

    EVERYONE = "everyone", "Everyone"
    SIGNED_IN = "signed-in", "Signed-in visitors"
    PARTNERS = "partners", "Partners"
    CUSTOMERS = "customers", "Customers"
    ORGANISATIONS = "organisations", "Chosen organisations"


# A tier of organisation (accounts.Organisation.Tier) and the audience it reads.
TIER_AUDIENCES = {"partner": Audience.PARTNERS, "customer": Audience.CUSTOMERS}


@dataclass(frozen=True)
class Visitor:
    """What the audience rule needs to know of a visitor: signed in or not,
    the tiers and the ids of their organisations. Build it with `visitor_of()`."""

    signed_in: bool = False
    tiers: frozenset = frozenset()
    organisation_ids: frozenset = frozenset()

    @property
    def cache_key(self):
        """Name what this visitor may read, for keeping parts of pages per audience."""
        if not self.signed_in:
            return "anonymous"
        return "signed-in:" + ",".join(
            [*sorted(self.tiers), *(str(pk) for pk in sorted(self.organisation_ids))]
        )


ANONYMOUS = Visitor()


def visitor_of(request):
    """Return the request's Visitor, found once per request.

    A request without a session cookie is anonymous without reading the
    session: reading it would tie the page to one visitor, and keep it out of
    the page cache.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ANONYMOUS
    if not hasattr(request, "_visitor"):
        user = request.user
        if not user.is_authenticated:
            request._visitor = ANONYMOUS
        else:
            rows = user.organisations.filter(memberships__active=True).values_list("pk", "tier")
            request._visitor = Visitor(
                signed_in=True,
                tiers=frozenset(tier for _, tier in rows),
                organisation_ids=frozenset(pk for pk, _ in rows),
            )
    return request._visitor


def readable_by(visitor):
    """Return the Q of the items `visitor` may read whole: the one audience rule."""
    rule = Q(audience=Audience.EVERYONE)
    if not visitor.signed_in:
        return rule
    rule |= Q(audience=Audience.SIGNED_IN)
    for tier in visitor.tiers:
        rule |= Q(audience=TIER_AUDIENCES[tier])
    if visitor.organisation_ids:
        chosen = Content.audience_organisations.through.objects.filter(
            organisation_id__in=visitor.organisation_ids
        ).values("content_id")
        rule |= Q(audience=Audience.ORGANISATIONS, pk__in=chosen)
    return rule


class ContentQuerySet(ReviewQuerySet):
    def live(self):
        """Return what is published and due by now, whoever it is for. Only for
        work done for staff or for the people an item already reached (reminders
        to booked attendees); pages call published() or listed()."""
        return self.filter(status=Content.Status.PUBLISHED, publish_at__lte=timezone.now())

    def published(self, visitor=ANONYMOUS):
        """Return what `visitor` may read: live, and meant for them. Without a
        visitor: what everyone may read."""
        return self.live().filter(readable_by(visitor))

    def listed(self, visitor=ANONYMOUS):
        """Return what `visitor` sees listed: what they may read, and the teasers
        of items kept for others whose editors chose to show one, marked `locked`."""
        readable = readable_by(visitor)
        return (
            self.live()
            .filter(readable | Q(audience_teaser=True))
            .annotate(locked=ExpressionWrapper(~readable, output_field=models.BooleanField()))
        )

    def in_state(self, state):
        """Return the items in one publishing state (a Content.State)."""
        now = timezone.now()
        live_before = Q(first_published_at__lte=now)
        return self.filter(
            {
                Content.State.DRAFT: Q(status=Content.Status.DRAFT) & ~live_before,
                Content.State.SCHEDULED: Q(status=Content.Status.PUBLISHED, publish_at__gt=now),
                Content.State.LIVE: Q(status=Content.Status.PUBLISHED, publish_at__lte=now),
                Content.State.UNPUBLISHED: Q(status=Content.Status.DRAFT) & live_before,
            }[Content.State(state)]
        )

    def in_area(self, area):
        return self.filter(area=area)

    def for_listing(self):
        """Return rows ready for a list of cards: area joined, tags prefetched."""
        return self.select_related("area").prefetch_related("tags")

    def with_kinds(self):
        """Join the own row of each kind that labels its cards itself, so that a
        card of a mixed list can say "Policy template" where it would otherwise
        say "Technical asset". The other kinds' cards say the kind's name, and
        joining their rows would only cost time."""
        labelling = [kind for kind in Content.kinds.values() if "label" in vars(kind)]
        return self.select_related(*(kind._meta.model_name for kind in labelling))

    def related_to(self, item, limit):
        """Return a list of up to `limit` other items sharing tags or the area
        with `item`: most tags in common first, then the area's newest.

        Two queries of at most `limit` rows each, whatever the library's size:
        counting shared tags over every item of the area, in one query, took
        a third of a second at 10,000 items."""
        others = self.exclude(pk=item.pk)
        tag_ids = [tag.pk for tag in item.tags.all()]
        sharing = list(
            others.filter(tags__in=tag_ids)
            .annotate(shared_tags=Count("tags", distinct=True))
            .order_by("-shared_tags", "-publish_at")[:limit]
        )
        if item.area_id is None:
            return sharing
        same_area = (
            others.filter(area_id=item.area_id)
            .exclude(pk__in=[other.pk for other in sharing])
            .order_by("-publish_at")[:limit]
        )
        return (sharing + list(same_area))[:limit]

    def with_card_facts(self):
        """Prefetch the own row of each kind that shows facts of it on its cards
        (see Content.card_facts), readied by the kind: one query per such kind."""
        return self.prefetch_related(
            *(
                Prefetch(Content.kinds[kind]._meta.model_name, queryset=facts.rows())
                for kind, facts in Content.card_facts.items()
            )
        )


class Content(Reviewable):
    """What every kind of content has: a title, a Markdown body, an area, tags
    and the publishing fields."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class State(models.TextChoices):
        """What the public sees of an item, worked out from status and dates."""

        LIVE = "live", "Live"
        SCHEDULED = "scheduled", "Scheduled"
        DRAFT = "draft", "Draft"
        UNPUBLISHED = "unpublished", "Unpublished"

    # Each kind sets KIND and the name of its detail URL; the base class keeps
    # a registry of them so that a plain Content row knows its own page.
    KIND = ""
    detail_url_name = ""
    kinds = {}
    # Kinds whose cards in a mixed list (search results) show facts of their
    # own row, such as a session's date and seats left: kind → CardFacts. The
    # kind's app registers them, so that core and search never import a kind.
    card_facts = {}

    kind = models.CharField(max_length=20, editable=False, db_index=True)
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        help_text="The last part of the address. Changing it changes the page's URL.",
    )
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences shown in lists, search results and link previews.",
    )
    body = models.TextField(
        blank=True,
        help_text="Markdown; start headings at ## (the page title is the only # heading). "
        "Scripts, inline styles and embedded frames are removed on save.",
    )
    body_html = models.TextField(editable=False, blank=True)
    area = models.ForeignKey(
        ProductArea,
        on_delete=models.PROTECT,
        related_name="content",
        null=True,
        blank=True,
        verbose_name="product area",
    )
    tags = TaggableManager(
        blank=True, help_text="Comma-separated, lower case: ldap, smtp, policies."
    )
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Published: on the site from the publish date on. Draft: nobody but staff "
        "sees it. The first publish of a draft goes live now unless you change the date.",
    )
    publish_at = models.DateTimeField(
        "publish at",
        default=timezone.now,
        help_text="A published item appears on the site from this moment on.",
    )
    # Tells an item taken down ("unpublished") from one never seen ("draft").
    first_published_at = models.DateTimeField(
        "first published at",
        null=True,
        blank=True,
        editable=False,
        help_text="When the item first went live; while it is scheduled, when it will.",
    )
    audience = models.CharField(
        max_length=20,
        choices=Audience,
        default=Audience.EVERYONE,
        help_text="Who may read it. Anyone else gets a teaser or nothing (see below), "
        "on every page, feed, search and download.",
    )
    audience_organisations = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="+",
        verbose_name="organisations",
        help_text="With “Chosen organisations”: the members of these read it.",
    )
    audience_teaser = models.BooleanField(
        "show others a teaser",
        default=False,
        help_text="Others see the title and summary in lists with “Sign in to read”. "
        "Unticked: they see nothing of it.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = "content item"
        ordering = ["-publish_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="unique_slug_per_kind"),
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="content_visibility")]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.KIND:
            Content.kinds[cls.KIND] = cls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.KIND:
            self.kind = self.KIND

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        item = super().from_db(db, field_names, values, **kwargs)
        # Remember the stored slug, so that save() knows when it changes.
        item.saved_slug = item.__dict__.get("slug")
        # and the stored status, so that publish() knows a first publish.
        item.saved_status = item.__dict__.get("status")
        return item

    def save(self, *args, **kwargs):
        self.render_html()
        if not self.was_live:
            # Until the item has been seen, this follows its publish date.
            published = self.status == self.Status.PUBLISHED
            self.first_published_at = self.publish_at if published else None
        super().save(*args, **kwargs)
        self.saved_status = self.status
        previous = getattr(self, "saved_slug", None)
        if previous != self.slug:
            SlugHistory.record(item=self, old_slug=previous)
            self.saved_slug = self.slug

    def render_html(self):
        """Render the Markdown body, on save and for a preview of unsaved changes."""
        self.body_html = render_markdown(self.body)

    def clean(self):
        super().clean()
        check_markdown(self.body, field="body")
        if self.slug and self.KIND:
            # A slug such as "past" would give the item the address of a fixed
            # page of its kind ("/phish-and-chips/past/"), which always wins.
            address = reverse(self.detail_url_name, kwargs={"slug": self.slug})
            if resolve(address).view_name != self.detail_url_name:
                raise ValidationError(
                    {
                        "slug": f"“{self.slug}” cannot be used: {address} is already the "
                        "address of another page. Choose another slug."
                    }
                )

    def validate_constraints(self, exclude=None):
        # `kind` is never typed into a form, so forms exclude it; the slug must
        # still be checked against the other items of the same kind.
        super().validate_constraints(exclude=set(exclude or ()) - {"kind"})

    def readable_by(self, visitor):
        """Say whether `visitor` may read this item whole (by the queryset's rule)."""
        if self.audience == Audience.EVERYONE:
            return True
        return Content.objects.published(visitor).filter(pk=self.pk).exists()

    @property
    def is_gated(self):
        return self.audience != Audience.EVERYONE

    @property
    def was_live(self):
        """Say whether the public has seen this item at some point."""
        return self.first_published_at is not None and self.first_published_at <= timezone.now()

    @property
    def is_live(self):
        return self.state == self.State.LIVE

    @property
    def state(self):
        """Return the item's Content.State, the same one in_state() selects by."""
        if self.status == self.Status.PUBLISHED:
            return self.State.SCHEDULED if self.publish_at > timezone.now() else self.State.LIVE
        return self.State.UNPUBLISHED if self.was_live else self.State.DRAFT

    @property
    def publish_at_text(self):
        """Return the publish date as staff read it: "5 Dec 2026 09:00 GMT", in the site's zone."""
        return dateformat.format(timezone.localtime(self.publish_at), "j M Y H:i T")

    @property
    def state_text(self):
        """Say the state in words, with the date when scheduled."""
        if self.state == self.State.SCHEDULED:
            return f"Scheduled for {self.publish_at_text}"
        return self.state.label

    def publish(self, *, keep_date=False):
        """Set the item published. An item the public never saw goes live now
        unless `keep_date`: a draft's date is when it was begun, and would
        back-date it in lists and feeds."""
        if getattr(self, "saved_status", None) != self.Status.PUBLISHED and not (
            self.was_live or keep_date
        ):
            self.publish_at = timezone.now()
        self.status = self.Status.PUBLISHED

    def unpublish(self):
        """Take the item off the site; it keeps its dates for when it comes back."""
        self.status = self.Status.DRAFT

    @property
    def kind_model(self):
        return self.kinds[self.kind]

    @property
    def kind_label(self):
        # capfirst, not capitalize(): "FAQ question" keeps its capitals.
        return capfirst(self.kind_model._meta.verbose_name)

    @property
    def label(self):
        """Return the badge shown on this item's card.

        A kind may say more (an asset gives its type). A plain Content row
        asks its kind's row when with_kinds() loaded it, and never queries.
        """
        kind_row = Content._meta.get_field(self.kind_model._meta.model_name)
        if type(self) is Content and kind_row.is_cached(self):
            return getattr(self, kind_row.cache_name).label
        return self.kind_label

    def get_absolute_url(self):
        return reverse(self.kind_model.detail_url_name, kwargs={"slug": self.slug})

    @property
    def card_facts_template(self):
        facts = Content.card_facts.get(self.kind)
        return facts.template if facts else ""

    @property
    def tag_links(self):
        """Return this item's rows in taggit's table, whichever of its models
        tagged it (the history app records them with each revision)."""
        types = ContentType.objects.get_for_models(Content, *Content.kinds.values()).values()
        return TaggedItem.objects.filter(object_id=self.pk, content_type__in=types)

    @property
    def kind_row(self):
        """Return this item as its kind's model: itself, or the row that
        with_card_facts() or with_kinds() loaded."""
        if type(self) is not Content:
            return self
        return getattr(self, self.kind_model._meta.model_name)


@dataclass(frozen=True)
class CardFacts:
    """What a kind shows of its own row on a card in a mixed list: a template,
    given the row as `item`, and a function returning the kind's queryset that
    readies rows for it (with counts annotated, say)."""

    template: str
    rows: Callable[[], models.QuerySet]


class ContentDueForReview(Content):
    """Items whose "review by" date has come, for the editors' review list."""

    class Meta:
        proxy = True
        verbose_name = "content due for review"
        verbose_name_plural = "content due for review"


class SlugHistory(models.Model):
    """A slug an item had before, so that its old address still leads to it."""

    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="slug_history")
    kind = models.CharField(max_length=20)
    slug = models.SlugField(max_length=200)
    changed = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "former slug"
        verbose_name_plural = "slug history"
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="unique_former_slug_per_kind"),
        ]

    def __str__(self):
        return f"{self.slug} → {self.content.slug}"

    @classmethod
    def record(cls, *, item, old_slug):
        """Point `old_slug` at `item`; forget any former slug equal to its new one."""
        # The live slug always wins, so a history row for it would never be used.
        cls.objects.filter(kind=item.kind, slug=item.slug).delete()
        if old_slug:
            cls.objects.update_or_create(kind=item.kind, slug=old_slug, defaults={"content": item})

    @classmethod
    def find_current(cls, *, kind, slug):
        """Return the public item that used to have `slug`, or None."""
        former = cls.objects.filter(kind=kind, slug=slug).values("content_id")
        return Content.objects.listed().filter(pk__in=former).first()


# Expired counters are reset where they stand; rows nobody counts on again are
# removed once every so many new windows, by an indexed delete.
PRUNE_EVERY = 100
_new_windows = itertools.count(1)


class CounterQuerySet(models.QuerySet):
    def increment(self, key, seconds):
        """Add one to the counter `key` and return its count.

        A new counter, or one whose window has passed, starts again at one and
        lives `seconds`. It is one statement, so the database serialises
        concurrent increments on the row: every process and every server
        counts together, whatever happens to the cache.
        """
        connection = connections[self.db]
        quote, adapt = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
        table, count, expires = (
            quote(name) for name in (self.model._meta.db_table, "count", "expires_at")
        )
        now = timezone.now()
        sql = (
            f"INSERT INTO {table} ({quote('key')}, {count}, {expires}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({quote('key')}) DO UPDATE SET "
            f"{count} = CASE WHEN {table}.{expires} > %s THEN {table}.{count} + 1 ELSE 1 END, "
            f"{expires} = CASE WHEN {table}.{expires} > %s "
            f"THEN {table}.{expires} ELSE excluded.{expires} END "
            f"RETURNING {count}"
        )
        ends = adapt(now + timedelta(seconds=seconds))
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, ends, adapt(now), adapt(now)])
            [value] = cursor.fetchone()
        if value == 1 and next(_new_windows) % PRUNE_EVERY == 0:
            self.prune()
        return value

    def seconds_left(self, key):
        """Return the whole seconds until the window of the counter `key` ends (at least 1)."""
        ends = self.filter(key=key).values_list("expires_at", flat=True).first()
        if ends is None:
            return 1
        return max(1, math.ceil((ends - timezone.now()).total_seconds()))

    def counts(self, keys):
        """Return {key: count} of the counters among `keys` whose window is open."""
        live = self.filter(key__in=keys, expires_at__gt=timezone.now())
        return dict(live.values_list("key", "count"))

    # Deletes run as plain SQL: a counter is no content, and the page cache's
    # delete signal must not take it for an edit.
    def forget(self, key):
        """Remove the counter `key`: the next increment starts at one."""
        self._delete_where(f"{connections[self.db].ops.quote_name('key')} = %s", key)

    def prune(self):
        """Remove every counter whose window has passed."""
        expires = connections[self.db].ops.quote_name("expires_at")
        now = connections[self.db].ops.adapt_datetimefield_value(timezone.now())
        self._delete_where(f"{expires} <= %s", now)

    def _delete_where(self, condition, parameter):
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {condition}", [parameter])


class Counter(models.Model):
    """A count within a window of time: rate limits, sign-in failures, mails to an address.

    They live in the database, not the cache, so that no flood of cached pages
    can evict them and every app server counts together, with Redis or without.
    """

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    objects = CounterQuerySet.as_manager()

    def __str__(self):
        return f"{self.key}: {self.count}"


class AbstractFeedback(models.Model):
    """One browser's answer to "Was this helpful?" on one item.

    Abstract: each kind that asks keeps its own table, with a foreign key to
    its items named in `item_field` (see content.core.feedback).
    """

    item_field = ""

    browser = models.CharField(
        max_length=64, editable=False, help_text="A random id kept in the visitor's cookie."
    )
    helpful = models.BooleanField()
    comment = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        verbose_name_plural = "feedback"
        ordering = ["-updated"]

    def __str__(self):
        return f"{'Helpful' if self.helpful else 'Not helpful'}: {getattr(self, self.item_field)}"
