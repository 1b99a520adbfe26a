"""The search engines, one per database, behind one interface: `Engine`.

`get_engine()` returns the default database's engine. Nothing outside this
package asks which database it is on.
"""

from abc import ABC, abstractmethod
from functools import cache
from itertools import batched

from django.db import connection

from content.search.documents import content_type_ids, visible_sql

# How many whole words stand in for a longer unfinished one.
COMPLETIONS = 20


def get_engine() -> "Engine":
    """Return the engine of the default database."""
    return engine_for(connection.vendor)


@cache
def engine_for(vendor: str) -> "Engine":
    from content.search.backends import postgresql, sqlite

    return {"sqlite": sqlite.Engine, "postgresql": postgresql.Engine}[vendor](connection)


class Engine(ABC):
    """The contract between `content.search.engine` and an engine, and what
    every engine shares: its connection, and how it looks up the index's words
    and counts tags.

    An engine keeps the index (`index`, `remove`, `clear`, `optimise`,
    `prune_terms`), answers for the index's words (`look_up`, `similar_terms`,
    `held_terms`) and searches (`candidates`, `snippets`, `tag_counts`).
    """

    # The tables that hold the index's words, each with a `term` column.
    term_tables = ["search_term"]
    # Unfinished words up to this long are matched as prefixes by the engine
    # itself; see `look_up`.
    longest_prefix = 3

    def __init__(self, connection):
        self.connection = connection

    def look_up(self, words, prefix=""):
        """Return (the `words` the index has, whole words that start with `prefix` or None).

        A prefix longer than `longest_prefix` is swapped for the index's own
        words that start with it: asking the engine for a prefix would make
        it merge the matches of every word it starts, however common, and
        check each item again.
        """
        words = sorted(set(words))
        complete = len(prefix) > self.longest_prefix
        sql = [f"SELECT term, 1 FROM search_term WHERE term IN ({', '.join(['%s'] * len(words))})"]
        params = list(words)
        if complete:
            sql.append(
                "SELECT * FROM (SELECT term, 0 FROM search_term WHERE term > %s AND term < %s "
                "ORDER BY length(term), term LIMIT %s) completions"
            )
            params += [prefix, prefix + "\U0010ffff", COMPLETIONS]
        with self.connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sql), params)
            rows = cursor.fetchall()
        known = {term for term, is_word in rows if is_word}
        return known, [term for term, is_word in rows if not is_word] if complete else None

    @abstractmethod
    def held_sql(self):
        """Return (sql, a function of one term returning its params): the
        FROM clause on the engine's index table, joined to core_content, with
        the condition that an item holds the term."""

    def held_terms(self, terms, *, visitor=None):
        """Return those of `terms` that an indexed item holds; with `visitor`,
        an item that visitor may read now (`published(visitor)`, checked as
        the search is).

        The index's words (search_term) are those of every item, drafts and
        scheduled ones too, so that a scheduled item's words count from the
        moment it goes live with nothing to update. A word is matched as the
        engine matches it, by its stem.
        """
        condition, term_params = self.held_sql()
        where, where_params = visible_sql(visitor) if visitor else ("1 = 1", [])
        found = set()
        with self.connection.cursor() as cursor:
            for chunk in batched(sorted(set(terms)), 200):
                cursor.execute(
                    " UNION ALL ".join(
                        "SELECT CAST(%s AS TEXT) WHERE EXISTS (SELECT 1 FROM "
                        f"{condition} AND ({where}))"
                        for _ in chunk
                    ),
                    [p for term in chunk for p in [term, *term_params(term), *where_params]],
                )
                found.update(term for (term,) in cursor.fetchall())
        return found

    def prune_terms(self, terms):
        """Forget those of `terms` (the words of items just deleted) that no item holds now."""
        gone = sorted(set(terms) - self.held_terms(terms))
        with self.connection.cursor() as cursor:
            for chunk in batched(gone, 500):
                placeholders = ", ".join(["%s"] * len(chunk))
                for table in self.term_tables:
                    cursor.execute(f"DELETE FROM {table} WHERE term IN ({placeholders})", chunk)

    # --- What each engine writes for itself ----------------------------------

    @abstractmethod
    def index(self, documents):
        """Index `documents` (documents.Document), replacing their earlier entries."""

    @abstractmethod
    def remove(self, ids):
        """Take the items with `ids` out of the index."""

    @abstractmethod
    def clear(self):
        """Empty the index."""

    @abstractmethod
    def optimise(self):
        """Make the index fast to read after indexing everything."""

    @abstractmethod
    def similar_terms(self, words):
        """Return {word: the index's words that may be a letter away from it}."""

    @abstractmethod
    def candidates(self, parsed, filters, *, limit):
        """Return the best matches, a documents.Candidate each, by the engine's
        full-text rank over the visible items that match `parsed` (every
        required group, or any with `parsed.match_any`) and `filters`.

        That is the best `limit` title matches (`in_title`), the exact title
        match (`exact`) and, unless the title matches fill `limit`, the best
        `limit` of all matches (on PostgreSQL, of the matches in the title,
        tags, area or summary when `limit` of those may be shown), each with
        `in_title`, whether its title alone matches. Title matches come
        first (see engine.search), so past `limit` of them no other match
        would be listed, and an engine need not rank them. An item may come
        twice. Fewer than `limit` matches means there are no more.
        """

    @abstractmethod
    def snippets(self, parsed, ids, *, whole=False):
        """Return {id: body text with the matches of `parsed` marked}, cut short unless `whole`."""

    def ids_sql(self, ids):
        """Return (sql, params): the condition "is one of `ids`" on an id column."""
        return f"IN ({', '.join(['%s'] * len(ids))})", list(ids)

    def tag_counts(self, ids, limit):
        """Return [(slug, name, count)] of the tags on the items with `ids`, commonest first."""
        if not ids:
            return []
        types = content_type_ids()
        items, item_params = self.ids_sql(ids)
        with self.connection.cursor() as cursor:
            # "+tag_id" keeps SQLite from walking the whole tag_id index to group:
            # looking up each item's tags is far cheaper.
            cursor.execute(
                "SELECT tag.slug, tag.name, counts.count FROM ("
                f"SELECT +tag_id AS tag_id, COUNT(*) AS count FROM taggit_taggeditem "
                f"WHERE object_id {items} "
                f"AND content_type_id IN ({', '.join(['%s'] * len(types))}) "
                "GROUP BY 1) counts JOIN taggit_tag tag ON tag.id = counts.tag_id "
                "ORDER BY counts.count DESC, tag.name LIMIT %s",
                [*item_params, *types, limit],
            )
            return cursor.fetchall()
