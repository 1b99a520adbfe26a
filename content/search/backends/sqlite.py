"""The SQLite engine: an FTS5 table with bm25 column weights, snippet() and prefixes.

FTS5 keeps its own copy of the text (rowid = the content item's id), stemmed
by the porter tokenizer, with prefix indexes for two and three letters. Typos
are caught with a deletion index over the indexed words (unstemmed, so that
"phising" meets "phishing" rather than the stem "phish"): a
word and a typo of it one letter apart always share a key of "the word with
one letter removed" (the SymSpell idea), so finding candidates is one lookup.
"""

from itertools import batched

from content.search.documents import MARK_END, MARK_START, filter_sql, tag_join_sql
from content.search.query import deletions

# bm25 weights, in column order: title, keywords (tags and area), summary, body.
WEIGHTS = "10.0, 4.0, 3.0, 1.0"
SNIPPET_WORDS = 24
BODY_COLUMN = 3

SCHEMA = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, keywords, summary, body, title_key UNINDEXED, "
    "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE TABLE search_term (term TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE search_term_variant ("
    "variant TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (variant, term)) WITHOUT ROWID",
]
DROP = [
    "DROP TABLE IF EXISTS search_term_variant",
    "DROP TABLE IF EXISTS search_term",
    "DROP TABLE IF EXISTS search_fts",
]


def quote(words):
    return '"' + " ".join(words) + '"'


def phrase_sql(phrase):
    # Words are runs of letters and digits (see query.WORD), so a double
    # quote, the only character FTS5 treats specially inside a string, never
    # appears in one.
    return quote(phrase.words) + ("*" if phrase.prefix else "")


def group_sql(group):
    alternatives = [phrase_sql(phrase) for phrase in group.alternatives]
    return "(" + " OR ".join(alternatives) + ")"


def match_expression(parsed, column=None):
    expression = " AND ".join(group_sql(group) for group in parsed.required)
    for group in parsed.excluded:
        expression = f"({expression}) NOT {group_sql(group)}"
    if column:
        return f"{{{column}}} : ({expression})"
    return expression


class Engine:
    vendor = "sqlite"

    def __init__(self, connection):
        self.connection = connection

    def create_schema(self, cursor):
        for statement in SCHEMA:
            cursor.execute(statement)

    def drop_schema(self, cursor):
        for statement in DROP:
            cursor.execute(statement)

    # --- Keeping the index in step ------------------------------------------

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_term_variant")
            cursor.execute("DELETE FROM search_term")

    def remove(self, ids):
        with self.connection.cursor() as cursor:
            for chunk in batched(ids, 500):
                cursor.execute(
                    f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )

    def index(self, documents):
        self.remove([document.content_id for document in documents])
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, keywords, summary, body, title_key) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (d.content_id, d.title, d.keywords, d.summary, d.body, d.title_key)
                    for d in documents
                ],
            )
        self.add_terms(set().union(*(document.terms() for document in documents)))

    def add_terms(self, terms):
        new = sorted(set(terms) - self.known_terms(terms))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT OR IGNORE INTO search_term (term) VALUES (%s)", [(t,) for t in new]
            )
            cursor.executemany(
                "INSERT OR IGNORE INTO search_term_variant (variant, term) VALUES (%s, %s)",
                [(variant, term) for term in new for variant in deletions(term)],
            )

    # --- Typos -------------------------------------------------------------

    def known_terms(self, words):
        known = set()
        with self.connection.cursor() as cursor:
            for chunk in batched(sorted(set(words)), 500):
                placeholders = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT term FROM search_term WHERE term IN ({placeholders})", chunk
                )
                known.update(term for (term,) in cursor.fetchall())
        return known

    def candidates(self, words):
        """Return {word: terms that might be one letter away}, from the deletion index."""
        keys = {key: word for word in words for key in deletions(word)}
        found = {word: set() for word in words}
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT variant, term FROM search_term_variant "
                f"WHERE variant IN ({', '.join(['%s'] * len(keys))})",
                list(keys),
            )
            for variant, term in cursor.fetchall():
                found[keys[variant]].add(term)
        return found

    # --- Searching ----------------------------------------------------------

    def ranked(self, parsed, filters, *, offset, limit, whole=False):
        """Return [(id, marked text)] for one page: exact title, then title matches, then bm25."""
        where, params = filter_sql(filters)
        text = (
            f"highlight(search_fts, {BODY_COLUMN}, %s, %s)"
            if whole
            else f"snippet(search_fts, {BODY_COLUMN}, %s, %s, '…', {SNIPPET_WORDS})"
        )
        sql = (
            f"SELECT core_content.id, {text} FROM search_fts "
            "JOIN core_content ON core_content.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND {where} "
            "ORDER BY search_fts.title_key = %s DESC, "
            "search_fts.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) DESC, "
            f"bm25(search_fts, {WEIGHTS}), core_content.publish_at DESC "
            "LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    MARK_START,
                    MARK_END,
                    match_expression(parsed),
                    *params,
                    parsed.title_key,
                    match_expression(parsed, column="title"),
                    limit,
                    offset,
                ],
            )
            return cursor.fetchall()

    def facet_rows(self, parsed, filters):
        """Return [(kind, area id, area slug, area name, count)] of the visible matches."""
        where, params = filter_sql(filters)
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT core_content.kind, core_content.area_id, area.slug, area.name, COUNT(*) "
                "FROM search_fts JOIN core_content ON core_content.id = search_fts.rowid "
                "LEFT JOIN core_productarea area ON area.id = core_content.area_id "
                f"WHERE search_fts MATCH %s AND {where} "
                "GROUP BY core_content.kind, core_content.area_id, area.slug, area.name",
                [match_expression(parsed), *params],
            )
            return cursor.fetchall()

    def tag_rows(self, parsed, filters, limit):
        """Return [(slug, name, count)] of the tags of the visible matches, commonest first."""
        where, params = filter_sql(filters)
        join, join_params = tag_join_sql()
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT tag.slug, tag.name, COUNT(*) AS count FROM search_fts "
                f"JOIN core_content ON core_content.id = search_fts.rowid {join} "
                f"WHERE search_fts MATCH %s AND {where} "
                "GROUP BY tag.slug, tag.name ORDER BY count DESC, tag.name LIMIT %s",
                [*join_params, match_expression(parsed), *params, limit],
            )
            return cursor.fetchall()

    def matching_ids(self, parsed, ids):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                f"AND rowid IN ({', '.join(['%s'] * len(ids))})",
                [match_expression(parsed), *ids],
            )
            return {row[0] for row in cursor.fetchall()}

    def obvious(self, text, limit=10):
        """Run the plain query as most projects write it: MATCH, bm25, LIMIT (for the benchmark)."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, snippet(search_fts, 3, '<b>', '</b>', '…', 24) FROM search_fts "
                f"WHERE search_fts MATCH %s ORDER BY bm25(search_fts, {WEIGHTS}) LIMIT %s",
                [text, limit],
            )
            return cursor.fetchall()
