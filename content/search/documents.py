"""What the index holds for one item, and the SQL pieces both engines share.

Visibility is never written here: `visible_sql` compiles
`Content.objects.published()` itself, so the one rule stays the one rule.
"""

import html
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils.html import strip_tags
from taggit.models import TaggedItem

from content.core.models import ANONYMOUS, Content
from content.search.query import TYPO_MIN_LENGTH, normalise, words_of

# Engines mark matches with these private-use characters; `highlight` turns
# them into <mark> only after everything else has been escaped. Indexed text
# loses every private-use character, so no item can fake one, nor any other
# mark an engine makes of them (see backends.sqlite.MARK).
MARK_START = "\ue000"
MARK_END = "\ue001"
MARKERS = re.compile("[\ue000-\uf8ff]")
# Tags that end a word even with no space beside them: strip_tags alone
# would read "<td>Gateway</td><td>Routing</td>" as one word.
WORD_BREAKS = re.compile(
    r"<(?:br|hr|img|/?(?:p|div|li|dt|dd|td|th|tr|h[1-6]|pre|blockquote|table|ul|ol|dl))\b[^>]*>",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    """One match as an engine finds it, before the page is cut."""

    id: int
    kind: str
    area_id: int | None
    area_slug: str | None
    area_name: str | None
    exact: bool
    score: float
    in_title: bool = False


@dataclass
class Document:
    content_id: int
    title: str
    keywords: str
    summary: str
    body: str
    kind: str = ""
    area_id: int | None = None
    tag_slugs: tuple = ()

    @property
    def title_key(self):
        return normalise(self.title)

    def terms(self):
        """Return the words the typo index should know, from every field."""
        text = " ".join([self.title, self.keywords, self.summary, self.body])
        return {word for word in words_of(text) if len(word) >= TYPO_MIN_LENGTH - 1}


def plain(text):
    return MARKERS.sub("", text or "").replace("\x00", "")


def document_for(item: Content, tags: Sequence[tuple[str, str]]) -> Document:
    """Return the `Document` for a Content row (area selected) with its tags' (name, slug)."""
    keywords = [name for name, _ in tags]
    if item.area is not None:
        keywords.append(item.area.name)
    body = html.unescape(strip_tags(WORD_BREAKS.sub(" ", item.body_html))).strip()
    return Document(
        content_id=item.pk,
        title=plain(item.title),
        keywords=plain(" ".join(keywords)),
        summary=plain(item.summary),
        body=plain(body),
        kind=item.kind,
        area_id=item.area_id,
        tag_slugs=tuple(slug for _, slug in tags),
    )


def documents(
    ids: Collection[int] | None = None, batch_size: int = 500
) -> Iterator[list[Document]]:
    """Yield the documents of the items with `ids` (all items when None), in batches."""
    items = Content.objects.select_related("area").order_by("pk")
    if ids is not None:
        items = items.filter(pk__in=ids)
    batch = []
    for item in items.iterator(chunk_size=batch_size):
        batch.append(item)
        if len(batch) == batch_size:
            yield with_tags(batch)
            batch = []
    if batch:
        yield with_tags(batch)


def with_tags(items: Sequence[Content]) -> list[Document]:
    # Tags are stored against each kind's own content type, so a plain
    # Content row's `tags` manager does not see them: read them directly.
    tags: dict[int, list[tuple[str, str]]] = {item.pk: [] for item in items}
    for object_id, name, slug in TaggedItem.objects.filter(
        object_id__in=tags, content_type_id__in=content_type_ids()
    ).values_list("object_id", "tag__name", "tag__slug"):
        tags[object_id].append((name, slug))
    return [document_for(item, tags[item.pk]) for item in items]


def visible_sql(visitor=ANONYMOUS):
    """Return (sql, params): the condition on core_content of
    `Content.objects.published(visitor)`."""
    query = Content.objects.published(visitor).query
    compiler = query.get_compiler(connection=connection)
    return compiler.compile(query.where)


def content_type_ids():
    models = [Content, *Content.kinds.values()]
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]


def kind_term(kind):
    return f"kind:{kind}"


def area_term(area_id):
    return f"area:{area_id}"


def narrowing_terms(document):
    """Return the terms an engine indexes an item under so that a search can be
    narrowed by them without reading the item: its tags' slugs, "kind:faq",
    "area:3" (a slug has no colon). Each engine marks them so that no typed
    word can reach them.

    A narrowed search finds only the items whose index entry holds the
    terms, and filter_sql then confirms each: the index must be in step,
    as saving an item, a tag or an area keeps it (see signals.py); a bulk
    update that sends no signal needs `rebuild_search_index`.
    """
    terms = [*document.tag_slugs, kind_term(document.kind)]
    if document.area_id:
        terms.append(area_term(document.area_id))
    return terms


def narrowing_groups(filters):
    """Return the terms of `narrowing_terms` that `filters` asks for, as groups:
    an item passes with one term of every group ([] when nothing narrows).
    """
    groups = [[slug] for slug in filters.tags]
    if filters.kinds:
        groups.append([kind_term(kind) for kind in filters.kinds])
    if filters.area_id:
        groups.append([area_term(filters.area_id)])
    return groups


def filter_sql(filters):
    """Return (sql, params) narrowing core_content by kinds, area and tags (all must match)."""
    sql, params = visible_sql(filters.visitor)
    clauses, values = [f"({sql})"], list(params)
    if filters.kinds:
        clauses.append(f"core_content.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        values += list(filters.kinds)
    if filters.area_id:
        clauses.append("core_content.area_id = %s")
        values.append(filters.area_id)
    if filters.tags:
        types = content_type_ids()
        placeholders = ", ".join(["%s"] * len(types))
        for tag in filters.tags:
            clauses.append(
                "EXISTS (SELECT 1 FROM taggit_taggeditem tagged "
                "JOIN taggit_tag tag ON tag.id = tagged.tag_id "
                "WHERE tagged.object_id = core_content.id "
                f"AND tagged.content_type_id IN ({placeholders}) AND tag.slug = %s)"
            )
            values += [*types, tag]
    return " AND ".join(clauses), values
