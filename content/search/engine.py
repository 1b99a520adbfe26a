"""Site search: one function, `search()`, over whichever engine the database has.

The engines (`content.search.backends`) match and rank; this module reads the
query, applies synonyms and typo corrections, puts editors' pinned items
first, counts facets, and turns the engine's marked text into safe HTML.
"""

import math
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from content.core.models import ANONYMOUS, Content, ProductArea, Visitor
from content.search.backends import get_engine
from content.search.documents import MARK_END, MARK_START, documents
from content.search.models import PromotedResult, Synonym
from content.search.query import (
    WORD,
    Phrase,
    may_have_typo,
    normalise,
    one_edit_apart,
    parse_query,
    with_corrections,
)

MAX_CORRECTIONS = 3
# Words this long or longer get a "Did you mean" when no item holds them.
# Shorter ones are corrected from TYPO_MIN_LENGTH on; a four-letter word is
# only offered, never applied, having many neighbours one letter away.
SUGGEST_MIN_LENGTH = 4
TAG_FACETS = 12
# How many of the best matches a search lists; see `search`. Facets, tags and
# pages are worked out from these, at a cost in proportion to it.
CANDIDATES = 500


@dataclass
class Filters:
    kinds: tuple = ()
    area_id: int | None = None
    tags: tuple = ()
    # Who searches: only what they may read is found, counted or suggested.
    visitor: Visitor = ANONYMOUS


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
    # True when the item holds only some of the query's words.
    partial: bool = False


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
    total_capped: bool = False
    # How many of `total` hold every word of the query; the others follow them.
    complete: int = 0
    # The query's words that no item the visitor may see holds, as typed.
    missing: list = field(default_factory=list)
    # The query with unknown words spelt as the index spells them, if any.
    suggestion: str = ""
    # The words left out as filler ("how", "the"): a query of them alone finds nothing.
    filler: tuple = ()
    # False when the query held no word to look for ("", "-vpn", "what is the"):
    # finding nothing then is no gap in the content.
    searched: bool = False

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def match_any(self):
        """Say whether no item holds every word, so that all the results hold some."""
        return bool(self.total) and not self.complete

    @property
    def is_gap(self):
        """Say whether editors should hear of this query: nothing found, or a word
        of it found nowhere."""
        return self.searched and (not self.total or bool(self.missing))


def highlight(text: str | None) -> str:
    """Return `text` escaped, with the engine's match markers turned into <mark>."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def look_up_words(engine, parsed, visitor):
    """Finish the last word and correct typos, with one look-up in the index's words.

    Return {word: corrections} for the long words the index lacks. A
    correction is a word of an item the visitor may see: the index also
    holds the words of drafts and scheduled items, which must not leak.
    """
    words = {group.word for group in parsed.groups if group.word}
    last = parsed.groups[-1].alternatives[0]
    prefix = last.words[0] if last.prefix else ""
    known, completions = engine.look_up(words, prefix) if words else (set(), None)
    if completions is not None:
        # The engine would rather match these whole words than scan a prefix.
        parsed.groups[-1].alternatives[0:1] = [Phrase(last.words)] + [
            Phrase((term,)) for term in completions if term != prefix
        ]
    unknown = {word for word in words - known if may_have_typo(word)}
    if not unknown:
        return {}
    found = {
        word: {term for term in terms if one_edit_apart(word, term)}
        for word, terms in engine.similar_terms(unknown).items()
    }
    visible = engine.held_terms(set().union(*found.values()), visitor=visitor)
    return {
        word: sorted(terms & visible)[:MAX_CORRECTIONS]
        for word, terms in found.items()
        if terms & visible
    }


def search(
    query: str,
    *,
    kinds: Iterable[str] = (),
    area: ProductArea | None = None,
    tags: Iterable[str] = (),
    page: int = 1,
    page_size: int = 10,
    whole: bool = False,
    card_facts: bool = True,
    visitor: Visitor = ANONYMOUS,
) -> SearchResults:
    """Return one page of the published items that match `query`, best first.

    `kinds` (Content.KIND values), `area` (a ProductArea) and `tags` (tag
    slugs, all required) narrow the results; facet counts say how many each
    narrowing would leave. `whole` highlights the whole body instead of
    cutting a snippet from it. `card_facts` loads what result cards show of
    some kinds (a session's date and seats left); the JSON API shows none.

    Filler words ("how", "the") are left out. The items that hold every
    other word come first: the exact title match, then title matches, then
    the engine's weighted rank. The items that hold only some of the words
    follow, by the engine's rank of any of them, which weighs each word by
    how rare it is and where it stands. Engines hand over the best
    CANDIDATES title matches, the exact title match and, unless the title
    matches fill CANDIDATES, the best CANDIDATES of all (see
    backends.Engine.candidates); past that many, `total` says CANDIDATES and
    `total_capped` says there are more.
    """
    parsed = parse_query(query, Synonym.as_mapping())
    results = SearchResults(query=parsed.text, page_size=page_size, filler=parsed.filler)
    if parsed.is_empty:
        return results
    results.searched = True
    engine = get_engine()
    results.corrections = look_up_words(engine, parsed, visitor)
    with_corrections(parsed, results.corrections)
    filters = Filters(
        kinds=tuple(kinds), area_id=area.pk if area else None, tags=tuple(tags), visitor=visitor
    )
    # Any of the words, when there are several: the items with some of them.
    anyword = replace(parsed, match_any=True) if len(parsed.required) > 1 else None

    # Facets count the matches of every kind and area; narrowed by kind or
    # area, the page's own matches are looked up on their own (among the
    # best matches of every kind there may be few of this one).
    narrowing = bool(filters.kinds or filters.area_id)
    everywhere = replace(filters, kinds=(), area_id=None)

    def find(scope):
        complete = merged(engine.candidates(parsed, scope, limit=CANDIDATES))
        if not anyword or len(complete) >= CANDIDATES:
            # Past CANDIDATES the list is cut, and the items with every word
            # fill it: none with only some of them would be shown.
            return complete, []
        # Every item with some of the words is ranked: any of them may come
        # before the page's end.
        some = engine.candidates(anyword, scope, limit=CANDIDATES)
        held = {c.id for c in complete}
        return complete, merged(c for c in some if c.id not in held)

    complete, partial = find(everywhere)
    facet_counts(results, complete + partial, filters)
    if narrowing:
        complete, partial = find(filters)
    capped = max(len(complete), len(partial)) >= CANDIDATES
    items = Content.objects.published(visitor).select_related("area").with_kinds()
    if card_facts:
        items = items.with_card_facts()
    promoted = promoted_items(parsed.text, filters, items)
    promoted_ids = {item.pk for item in promoted}
    complete = [c for c in complete if c.id not in promoted_ids]
    partial = [c for c in partial if c.id not in promoted_ids]
    complete.sort(key=lambda c: (c.exact, c.in_title, c.score or 0, c.id), reverse=True)
    partial.sort(key=lambda c: (c.in_title, c.score or 0, c.id), reverse=True)
    ranked = [*complete, *partial][: CANDIDATES - len(promoted) if capped else None]
    results.total = len(promoted) + len(ranked)
    results.complete = min(results.total, len(promoted) + len(complete))
    results.total_capped = capped
    results.page = min(max(1, page), results.num_pages)
    if not complete and not promoted:
        results.missing = missing_words(engine, parsed, visitor)
        results.suggestion = suggestion(engine, parsed, results.missing, visitor)
    start = (results.page - 1) * page_size
    shown = [(item, True) for item in promoted] + [(c.id, False) for c in ranked]
    shown = shown[start : start + page_size]
    in_part = {c.id for c in partial}

    ids = [entry for entry, is_promoted in shown if not is_promoted]
    texts = engine.snippets(anyword or parsed, ids, whole=whole) if ids else {}
    items = items.in_bulk(ids) if ids else {}
    for entry, is_promoted in shown:
        if is_promoted:
            results.hits.append(Hit(entry, escape(entry.summary), promoted=True))
        elif entry in items:
            results.hits.append(
                Hit(items[entry], highlight(texts.get(entry, "")), partial=entry in in_part)
            )
    tagged = [c.id for c in ranked] + list(promoted_ids)
    results.tags = [
        Facet(slug, name, count, selected=slug in filters.tags)
        for slug, name, count in engine.tag_counts(tagged, TAG_FACETS)
    ]
    return results


def missing_words(engine, parsed, visitor):
    """Return the query's words, as typed, that no item the visitor may see holds.

    A word with a spelling correction is not missing: the correction is.
    """
    words = [
        group.word
        for group in parsed.required
        if group.word and len(group.alternatives) == 1 and not group.alternatives[0].prefix
    ]
    held = engine.held_terms(words, visitor=visitor) if words else set()
    return [word for word in words if word not in held]


def suggestion(engine, parsed, missing, visitor):
    """Return the query with each missing word swapped for the index's nearest
    visible word one letter away, or "" when there is none."""
    candidates = [word for word in missing if len(word) >= SUGGEST_MIN_LENGTH and word.isalpha()]
    if not candidates:
        return ""
    found = {
        word: sorted(term for term in terms if one_edit_apart(word, term))
        for word, terms in engine.similar_terms(set(candidates)).items()
    }
    visible = engine.held_terms(set().union(*found.values()), visitor=visitor)
    swaps = {word: next((t for t in terms if t in visible), None) for word, terms in found.items()}
    swaps = {word: term for word, term in swaps.items() if term}
    if not swaps:
        return ""
    return WORD.sub(lambda match: swaps.get(match.group().lower(), match.group()), parsed.text)


def merged(candidates):
    """Return one candidate per item: the exact title match, else the title match, if any."""
    by_id = {}
    for candidate in candidates:
        # A title match keeps its title score: title matches are ranked
        # among themselves by how well the title matched.
        kept = by_id.get(candidate.id)
        if not kept or (candidate.exact, candidate.in_title) > (kept.exact, kept.in_title):
            by_id[candidate.id] = candidate
    return list(by_id.values())


def facet_counts(results, matches, filters):
    """Count the matches per kind (within the chosen area) and per area (within the kinds)."""
    labels = {
        kind: capfirst(model._meta.verbose_name_plural) for kind, model in Content.kinds.items()
    }
    kinds, areas = {}, {}
    for candidate in matches:
        if not filters.area_id or candidate.area_id == filters.area_id:
            kinds[candidate.kind] = kinds.get(candidate.kind, 0) + 1
        if candidate.area_id and (not filters.kinds or candidate.kind in filters.kinds):
            key = (candidate.area_slug, candidate.area_name, candidate.area_id)
            areas[key] = areas.get(key, 0) + 1
    results.kinds = by_count(
        Facet(kind, labels.get(kind, kind), count, kind in filters.kinds)
        for kind, count in kinds.items()
    )
    results.areas = by_count(
        Facet(slug, name, count, area_id == filters.area_id)
        for (slug, name, area_id), count in areas.items()
    )


def by_count(facets):
    return sorted(facets, key=lambda facet: (-facet.count, facet.label))


def promoted_items(text, filters, items):
    """Return the items of `items` (published ones) editors pinned for this
    query, in their order."""
    query = normalise(text)
    if query not in PromotedResult.queries():
        return []
    pinned = list(
        PromotedResult.objects.filter(query=query)
        .order_by("position", "pk")
        .values_list("content_id", flat=True)
    )
    if not pinned:
        return []
    if filters.kinds:
        items = items.filter(kind__in=filters.kinds)
    if filters.area_id:
        items = items.filter(area_id=filters.area_id)
    by_pk = items.in_bulk(pinned)
    return [by_pk[pk] for pk in pinned if pk in by_pk]


def index_items(ids: Collection[int], *, deleted_terms: Iterable[str] = ()) -> None:
    """Bring the index entries of the items with `ids` up to date (removing deleted ones).

    `deleted_terms`, the words of items being deleted, leave the index's words
    unless another item holds them.
    """
    engine = get_engine()
    found: set[int] = set()
    for batch in documents(ids):
        engine.index(batch)
        found.update(document.content_id for document in batch)
    missing = set(ids) - found
    if missing:
        engine.remove(missing)
    if deleted_terms:
        engine.prune_terms(deleted_terms)


def rebuild(progress: Callable[[int, int], object] | None = None) -> int:
    """Rebuild the whole index; call `progress(done, total)` after each batch."""
    engine = get_engine()
    total = Content.objects.count()
    engine.clear()
    done = 0
    for batch in documents():
        # A transaction per batch: outside one, each row is a transaction of
        # its own, and FTS5 writes a segment of its index at every commit.
        with transaction.atomic():
            engine.index(batch)
        done += len(batch)
        if progress:
            progress(done, total)
    engine.optimise()
    return done
