"""One engine per database; each gives `content.search.engine` the same methods."""

from itertools import batched

from content.search.documents import content_type_ids, visible_sql

# How many whole words stand in for a longer unfinished one.
COMPLETIONS = 20


class BaseEngine:
    """The contract between `content.search.engine` and an engine, and what
    every engine shares: its connection, and how it looks up the index's words
    and counts tags.

    An engine keeps the index (`index`, `remove`, `clear`, `optimise`,
    `prune_terms`), answers for the index's words (`look_up`, `similar_terms`,
    `held_terms`) and searches (`candidates`, `snippets`, `tag_counts`).
    Nothing outside `content.search.backends` asks which database it is on.
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

    def held_sql(self):
        """Return (sql, params for one term): the condition on the engine's
        index table, joined to core_content, that an item holds the term."""
        raise NotImplementedError

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

    def index(self, documents):
        """Index `documents` (documents.Document), replacing their earlier entries."""
        raise NotImplementedError

    def remove(self, ids):
        """Take the items with `ids` out of the index."""
        raise NotImplementedError

    def clear(self):
        """Empty the index."""
        raise NotImplementedError

    def optimise(self):
        """Make the index fast to read after indexing everything."""
        raise NotImplementedError

    def similar_terms(self, words):
        """Return {word: the index's words that may be a letter away from it}."""
        raise NotImplementedError

    def candidates(self, parsed, filters, *, limit, page_end, ranked=True):
        """Return a documents.Candidate per visible item that matches `parsed`
        (every required group, or any with `parsed.match_any`) and `filters`:
        the newest `limit` of them, and the exact title match however old.

        The score of a match outside the title may be None when the title
        matches alone fill the page up to `page_end`, so that the page shows
        none of them; with `ranked=False` (the matches are only counted),
        every score and title flag may be unset.
        """
        raise NotImplementedError

    def snippets(self, parsed, ids, *, whole=False):
        """Return {id: body text with the matches of `parsed` marked}, cut short unless `whole`."""
        raise NotImplementedError

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
