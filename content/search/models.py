"""What editors manage about search: synonyms, pinned results, and the gaps people hit.

The index itself is not a model: each engine keeps its own tables (see
`content.search.backends`), created by this app's migrations.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from content.core.models import Content
from content.privacy.masking import mask_query
from content.search.query import MAX_QUERY_LENGTH, normalise, words_of

# Every search reads the synonyms and the pinned queries, which change only
# when an editor saves one: they are kept in the shared cache, forgotten on
# every save and delete (see signals), and at the latest after this long.
EDITOR_TOOLS_SECONDS = 300
SYNONYMS_KEY = "search:synonyms"
PROMOTED_QUERIES_KEY = "search:promoted-queries"


def forget_editor_tools():
    cache.delete_many([SYNONYMS_KEY, PROMOTED_QUERIES_KEY])


class Synonym(models.Model):
    """A term and what else people call it: AD = Active Directory, applied both ways."""

    term = models.CharField(
        max_length=100,
        unique=True,
        help_text="A word or acronym people type, e.g. AD. Case does not matter.",
    )
    equivalents = models.CharField(
        max_length=300,
        help_text="What it means, comma-separated, e.g. Active Directory, Azure AD. "
        "A search for any of them finds the others too.",
    )

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} = {self.equivalents}"

    @property
    def phrases(self):
        phrases = [tuple(words_of(self.term))]
        phrases += [tuple(words_of(part)) for part in self.equivalents.split(",")]
        return [phrase for phrase in dict.fromkeys(phrases) if phrase]

    @classmethod
    def as_mapping(cls):
        """Return {phrase: [phrases meaning the same]}: a phrase is a tuple of words."""
        mapping = cache.get(SYNONYMS_KEY)
        if mapping is None:
            mapping = cls.read_mapping()
            cache.set(SYNONYMS_KEY, mapping, EDITOR_TOOLS_SECONDS)
        return mapping

    @classmethod
    def read_mapping(cls):
        mapping = {}
        for synonym in cls.objects.all():
            phrases = synonym.phrases
            for phrase in phrases:
                others = mapping.setdefault(phrase, [])
                others += [other for other in phrases if other != phrase and other not in others]
        return mapping


class PromotedResult(models.Model):
    """An item an editor pins to the top of the results for one query."""

    query = models.CharField(
        max_length=MAX_QUERY_LENGTH,
        help_text="The search as people type it, e.g. 'which ports'. Case and punctuation "
        "do not matter.",
    )
    content = models.ForeignKey(
        Content,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Shown first while it is published.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Pinned items are shown from the lowest number up."
    )

    class Meta:
        ordering = ["query", "position"]
        constraints = [
            models.UniqueConstraint(fields=["query", "content"], name="unique_promotion"),
        ]

    def __str__(self):
        return f"{self.query} → {self.content}"

    def save(self, *args, **kwargs):
        self.query = normalise(self.query)
        super().save(*args, **kwargs)

    @classmethod
    def queries(cls):
        """Return the set of queries that have pinned items."""
        queries = cache.get(PROMOTED_QUERIES_KEY)
        if queries is None:
            queries = set(cls.objects.values_list("query", flat=True))
            cache.set(PROMOTED_QUERIES_KEY, queries, EDITOR_TOOLS_SECONDS)
        return queries


class SearchGap(models.Model):
    """A query that found nothing: how often, and when last. Nothing about who asked."""

    query = models.CharField(max_length=MAX_QUERY_LENGTH, unique=True)
    count = models.PositiveIntegerField(default=1)
    first_searched = models.DateTimeField(default=timezone.now)
    last_searched = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-count", "-last_searched"]
        verbose_name = "search gap"
        verbose_name_plural = "search gaps"

    def __str__(self):
        return self.query

    @classmethod
    def record(cls, text, *, may_add=True):
        """Count one search for `text` that found nothing.

        A gap seen before always counts up; a new one is added only when
        `may_add` and while fewer than SEARCH_GAPS_MAX gaps are kept, so that
        nobody can fill the table with made-up words.
        """
        # Someone's address or number typed into the box is never kept.
        query = normalise(mask_query(text))[:MAX_QUERY_LENGTH]
        if not query:
            return
        now = timezone.now()
        if cls.objects.filter(query=query).update(count=F("count") + 1, last_searched=now):
            return
        if not may_add or cls.objects.count() >= settings.SEARCH_GAPS_MAX:
            return
        try:
            with transaction.atomic():
                cls.objects.create(query=query, first_searched=now, last_searched=now)
        except IntegrityError:  # another request recorded it first
            cls.objects.filter(query=query).update(count=F("count") + 1, last_searched=now)
