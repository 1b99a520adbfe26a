"""What a search page offers beside its results: the product areas a query is
about, and, when nothing matched, the items of the area it names.

Areas are few (editors' rows, not indexed content), so their words are
compared here rather than in an engine: a word matches when the first
STEM_LENGTH letters agree, which is enough to meet "awareness" in an intro or
"synchronise" in "synchronisation".
"""

from content.core.models import Content, ProductArea
from content.search.query import FILLER, words_of

STEM_LENGTH = 6
AREA_ITEMS = 5


def stem(word):
    return word[:STEM_LENGTH]


def area_words(area):
    return {stem(word) for word in words_of(f"{area.name} {area.tagline} {area.intro}")}


def query_words(query):
    return [word for word in dict.fromkeys(words_of(query)) if word not in FILLER]


def areas_about(query, areas):
    """Return the `areas` whose name, tagline and intro hold at least half of
    the query's words (and more than one), the most words first."""
    words = query_words(query)
    if len(words) < 2:
        return []
    found = []
    for area in areas:
        held = sum(stem(word) in area_words(area) for word in words)
        if held * 2 >= len(words):
            found.append((held, area))
    found.sort(key=lambda pair: (-pair[0], pair[1].order))
    return [area for _, area in found]


def area_named(query, areas):
    """Return the area whose whole name the query holds ("insider risk dmarc"), if any."""
    words = set(words_of(query))
    for area in sorted(areas, key=lambda area: -len(area.name)):
        name = [word for word in words_of(area.name) if word not in FILLER]
        if name and set(name) <= words:
            return area
    return None


def items_of(area, limit=AREA_ITEMS):
    """Return the newest published items of `area`."""
    return list(
        Content.objects.published()
        .in_area(area)
        .select_related("area")
        .with_kinds()
        .order_by("-publish_at", "-pk")[:limit]
    )


def all_areas():
    return list(ProductArea.objects.all())
