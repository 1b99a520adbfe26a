"""Site search: one function, `search()`, over whichever engine the database has.

The engines (`content.search.backends`) match and rank; this module reads the
query, applies synonyms and typo corrections, puts editors' pinned items
first, counts facets, and turns the engine's marked text into safe HTML.
"""

import math
from dataclasses import dataclass, field, replace
from functools import cache

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from content.core.models import Content
from content.search.backends import postgresql, sqlite
from content.search.documents import MARK_END, MARK_START, documents
from content.search.models import PromotedResult, Synonym
from content.search.query import (
    TYPO_MIN_LENGTH,
    normalise,
    one_edit_apart,
    parse_query,
    with_corrections,
)

ENGINES = {"sqlite": sqlite.Engine, "postgresql": postgresql.Engine}
MAX_CORRECTIONS = 3
TAG_FACETS = 12


@cache
def engine_for(vendor):
    return ENGINES[vendor](connection)


def get_engine():
    """Return the engine of the default database."""
    return engine_for(connection.vendor)


@dataclass
class Filters:
    kinds: tuple = ()
    area_id: int | None = None
    tags: tuple = ()
    exclude_ids: tuple = ()


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    item: Content
    snippet: str
    promoted: bool = False


@dataclass
class SearchResults:
    query: str
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = 10
    kinds: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages


def highlight(text):
    """Return `text` escaped, with the engine's match markers turned into <mark>."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def corrections_for(engine, parsed):
    """Return {word: indexed words one letter away} for the long words the index lacks."""
    words = {group.word for group in parsed.groups if len(group.word) >= TYPO_MIN_LENGTH}
    unknown = words - engine.known_terms(words) if words else set()
    if not unknown:
        return {}
    found = engine.candidates(unknown)
    return {
        word: sorted(term for term in terms if one_edit_apart(word, term))[:MAX_CORRECTIONS]
        for word, terms in found.items()
        if any(one_edit_apart(word, term) for term in terms)
    }


def search(query, *, kinds=(), area=None, tags=(), page=1, page_size=10, whole=False):
    """Return one page of the published items that match `query`, best first.

    `kinds` (Content.KIND values), `area` (a ProductArea) and `tags` (tag
    slugs, all required) narrow the results; facet counts say how many each
    further narrowing would leave. `whole` highlights the whole body instead
    of cutting a snippet from it.
    """
    parsed = parse_query(query, Synonym.as_mapping())
    results = SearchResults(query=parsed.text, page_size=page_size)
    if parsed.is_empty:
        return results
    engine = get_engine()
    results.corrections = corrections_for(engine, parsed)
    with_corrections(parsed, results.corrections)
    filters = Filters(kinds=tuple(kinds), area_id=area.pk if area else None, tags=tuple(tags))

    counts = {}
    areas = {}
    for kind, area_id, area_slug, area_name, count in engine.facet_rows(
        parsed, replace(filters, kinds=(), area_id=None)
    ):
        counts[kind, area_id] = count
        if area_id:
            areas[area_id] = (area_slug, area_name)
    results.kinds = facets_of(
        {k: c for (k, a), c in counts.items() if not filters.area_id or a == filters.area_id},
        labels={
            kind: capfirst(model._meta.verbose_name_plural) for kind, model in Content.kinds.items()
        },
        selected=filters.kinds,
    )
    results.areas = facets_of(
        {a: c for (k, a), c in counts.items() if a and (not filters.kinds or k in filters.kinds)},
        labels={area_id: name for area_id, (_, name) in areas.items()},
        selected=[filters.area_id],
        values={area_id: slug for area_id, (slug, _) in areas.items()},
    )
    results.total = sum(
        count
        for (kind, area_id), count in counts.items()
        if (not filters.kinds or kind in filters.kinds)
        and (not filters.area_id or area_id == filters.area_id)
    )

    promoted = promoted_items(parsed.text, filters)
    if promoted:
        matching = engine.matching_ids(parsed, [item.pk for item in promoted])
        results.total += len(promoted) - len(matching)
    results.page = min(max(1, page), results.num_pages)
    start = (results.page - 1) * page_size
    end = start + page_size
    hits = [Hit(item, escape(item.summary), promoted=True) for item in promoted[start:end]]
    limit = end - max(start, len(promoted))
    if limit > 0 and results.total:
        rows = engine.ranked(
            parsed,
            replace(filters, exclude_ids=tuple(item.pk for item in promoted)),
            offset=max(0, start - len(promoted)),
            limit=limit,
            whole=whole,
        )
        items = Content.objects.published().select_related("area").in_bulk([i for i, _ in rows])
        hits += [Hit(items[pk], highlight(text)) for pk, text in rows if pk in items]
    results.hits = hits
    if results.total:
        results.tags = [
            Facet(slug, name, count, selected=slug in filters.tags)
            for slug, name, count in engine.tag_rows(parsed, filters, TAG_FACETS)
        ]
    return results


def facets_of(counts, *, labels, selected, values=None):
    values = values or {}
    facets = [
        Facet(str(values.get(key, key)), labels.get(key, str(key)), count, key in selected)
        for key, count in counts.items()
    ]
    merged = {}
    for facet in facets:
        if facet.value in merged:
            merged[facet.value].count += facet.count
        else:
            merged[facet.value] = facet
    return sorted(merged.values(), key=lambda facet: (-facet.count, facet.label))


def promoted_items(text, filters):
    """Return the published items editors pinned for this query, in their order."""
    pinned = list(
        PromotedResult.objects.filter(query=normalise(text))
        .order_by("position", "pk")
        .values_list("content_id", flat=True)
    )
    if not pinned:
        return []
    items = Content.objects.published().select_related("area")
    if filters.kinds:
        items = items.filter(kind__in=filters.kinds)
    if filters.area_id:
        items = items.filter(area_id=filters.area_id)
    by_pk = items.in_bulk(pinned)
    return [by_pk[pk] for pk in pinned if pk in by_pk]


def index_items(ids):
    """Bring the index entries of the items with `ids` up to date (removing deleted ones)."""
    engine = get_engine()
    found = set()
    for batch in documents(ids):
        engine.index(batch)
        found.update(document.content_id for document in batch)
    missing = set(ids) - found
    if missing:
        engine.remove(missing)


def rebuild(progress=None):
    """Rebuild the whole index; call `progress(done, total)` after each batch."""
    engine = get_engine()
    total = Content.objects.count()
    engine.clear()
    done = 0
    for batch in documents():
        engine.index(batch)
        done += len(batch)
        if progress:
            progress(done, total)
    return done
