"""One engine per database; each gives `content.search.engine` the same methods."""

from itertools import batched

from content.search.documents import visible_sql

# How many whole words stand in for a longer unfinished one.
COMPLETIONS = 20


def sql_per_vendor(statements):
    """Return a RunPython function that runs `statements[vendor]` on the database, if any.

    The index tables differ per engine, so their migrations do too.
    """

    def operation(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            for statement in statements.get(schema_editor.connection.vendor, []):
                cursor.execute(statement)

    return operation


class BaseEngine:
    """What every engine shares: its connection, how its tables are made, and
    how it looks up the index's words.

    An engine's `candidates()` may leave the score of a match outside the
    title as None when the title matches alone fill the page up to
    `page_end`, so that the page shows none of them. With `ranked=False`
    (the matches are only counted), it may leave every score and title flag
    unset.
    """

    schema = []
    drop = []
    # The tables that hold the index's words, each with a `term` column.
    term_tables = ["search_term"]
    # Unfinished words up to this long are matched as prefixes by the engine
    # itself; see `look_up`.
    longest_prefix = 3

    def __init__(self, connection):
        self.connection = connection

    def create_schema(self, cursor):
        for statement in self.schema:
            cursor.execute(statement)

    def drop_schema(self, cursor):
        for statement in self.drop:
            cursor.execute(statement)

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
