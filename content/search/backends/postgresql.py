"""The PostgreSQL engine: a stored, weighted tsvector with GIN, ts_rank, ts_headline, pg_trgm.

`search_document` holds one row per content item with the weighted vector
(title A; tags, area and summary B; body C), `search_title` a title-only
vector that decides "matched in the title", and `search_body` the plain body
text that ts_headline cuts snippets from. Typos are looked up by trigram
similarity in `search_term`, the words of the index, with a GIN trigram index.
"""

from itertools import batched

from django.db import transaction

from content.search.backends import BaseEngine
from content.search.documents import MARK_END, MARK_START, Candidate, filter_sql

CONFIG = "english"
# ts_rank weights in the order D, C, B, A.
WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
HEADLINE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MinWords=12, MaxWords=30, ' + (
    'MaxFragments=2, FragmentDelimiter=" … "'
)
WHOLE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", HighlightAll=true'
TRIGRAM_THRESHOLD = 0.2

# Three narrow tables rather than one wide one: walking search_document's
# primary key backwards for a common word, or search_title's for a title
# match, reads small rows; the body text is only read for the page's
# snippets.
SCHEMA = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE search_document ("
    "content_id bigint PRIMARY KEY, title_key text NOT NULL, vector tsvector NOT NULL)",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    "CREATE TABLE search_title (content_id bigint PRIMARY KEY, vector tsvector NOT NULL)",
    "CREATE INDEX search_title_vector ON search_title USING gin (vector)",
    "CREATE TABLE search_body (content_id bigint PRIMARY KEY, body text NOT NULL)",
    "CREATE TABLE search_term (term text PRIMARY KEY)",
    "CREATE INDEX search_term_trigram ON search_term USING gin (term gin_trgm_ops)",
]
TABLES = ["search_document", "search_title", "search_body"]
DROP = [f"DROP TABLE IF EXISTS {table}" for table in [*TABLES, "search_term"]]


def phrase_sql(phrase):
    if phrase.prefix:
        return f"to_tsquery('{CONFIG}', %s)", [phrase.words[0] + ":*"]
    # Words are runs of letters and digits, so a quoted phrase is all that
    # websearch_to_tsquery can read from one.
    return f"websearch_to_tsquery('{CONFIG}', %s)", ['"' + " ".join(phrase.words) + '"']


def group_sql(group):
    parts = [phrase_sql(phrase) for phrase in group.alternatives]
    return "(" + " || ".join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]


def tsquery(parsed):
    """Return (sql, params) of the tsquery for `parsed`."""
    required, params = [], []
    for group in parsed.required:
        part, values = group_sql(group)
        required.append(part)
        params += values
    sql = ["(" + (" || " if parsed.match_any else " && ").join(required) + ")"]
    for group in parsed.excluded:
        part, values = group_sql(group)
        sql.append(f"!!{part}")
        params += values
    return " && ".join(sql), params


class Engine(BaseEngine):
    schema = SCHEMA
    drop = DROP

    # --- Keeping the index in step ------------------------------------------

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(TABLES)}, search_term")

    def remove(self, ids):
        with self.connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE content_id = ANY(%s)", [list(ids)])

    def index(self, documents):
        self.remove([d.content_id for d in documents])
        rows = [
            {
                "id": d.content_id,
                "title_key": d.title_key,
                "config": CONFIG,
                "title": d.title,
                "keywords": d.keywords,
                "summary": d.summary,
                "body": d.body,
            }
            for d in documents
        ]
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (content_id, title_key, vector) "
                "VALUES (%(id)s, %(title_key)s, "
                "setweight(to_tsvector(%(config)s, %(title)s), 'A') || "
                "setweight(to_tsvector(%(config)s, %(keywords)s || ' ' || %(summary)s), 'B') || "
                "setweight(to_tsvector(%(config)s, %(body)s), 'C'))",
                rows,
            )
            cursor.executemany(
                "INSERT INTO search_title (content_id, vector) "
                "VALUES (%(id)s, to_tsvector(%(config)s, %(title)s))",
                rows,
            )
            cursor.executemany(
                "INSERT INTO search_body (content_id, body) VALUES (%(id)s, %(body)s)", rows
            )
        self.add_terms(set().union(*(document.terms() for document in documents)))

    def add_terms(self, terms):
        with self.connection.cursor() as cursor:
            for chunk in batched(sorted(terms), 1000):
                cursor.execute(
                    "INSERT INTO search_term (term) SELECT unnest(%s::text[]) "
                    "ON CONFLICT DO NOTHING",
                    [list(chunk)],
                )

    # --- Typos -------------------------------------------------------------

    def known_terms(self, words):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT term FROM search_term WHERE term = ANY(%s)", [list(words)])
            return {term for (term,) in cursor.fetchall()}

    def look_up(self, words, prefix=""):
        """Return (the `words` the index has, None): GIN matches prefixes itself (:*)."""
        return self.known_terms(words), None

    def similar_terms(self, words):
        """Return {word: terms that share enough trigrams to be a typo of it}."""
        found = {word: set() for word in words}
        with self.connection.cursor() as cursor:
            # The % operator uses the session's threshold; the default 0.3 misses
            # short words with a swapped pair ("digset" is 0.27 from "digest").
            cursor.execute("SELECT set_limit(%s)", [TRIGRAM_THRESHOLD])
            cursor.execute(
                "SELECT word, term FROM unnest(%s::text[]) AS word "
                "JOIN search_term ON term %% word "
                "AND length(term) BETWEEN length(word) - 1 AND length(word) + 1",
                [list(words)],
            )
            for word, term in cursor.fetchall():
                found[word].add(term)
        return found

    # --- Searching ----------------------------------------------------------

    def candidates(self, parsed, filters, *, limit):
        """Return the newest `limit` visible matches, and the newest `limit` title matches.

        The inner queries find ids newest first and check visibility one row
        at a time, lazily, until `limit` are found; ranks are computed for
        those rows alone. The tsquery is written out in each place so that the
        planner sees it: for a common word it walks the primary key backwards
        and stops at `limit`, for a rare one it asks the GIN index. For a
        phrase it cannot tell how rare the words are together (it guesses
        from each word alone, and "data leak prevention" is three common
        words that seldom stand side by side), so the GIN index is always
        used: it reads only the items that have every word.
        """
        where, params = filter_sql(filters)
        query, query_params = tsquery(parsed)
        has_phrase = any(
            len(phrase.words) > 1 for group in parsed.required for phrase in group.alternatives
        )

        def newest(table, in_title):
            # "+ 0" hides the primary key's order from the planner.
            order = f"{table}.content_id + 0" if has_phrase else f"{table}.content_id"
            return (
                f"(SELECT matched.id AS content_id, {in_title} AS in_title FROM ("
                f"SELECT {table}.content_id AS id, {order} AS newest FROM {table} "
                f"WHERE {table}.vector @@ ({query}) ORDER BY newest DESC OFFSET 0) matched "
                f"WHERE (SELECT {where} FROM core_content WHERE core_content.id = matched.id) "
                "ORDER BY matched.newest DESC LIMIT %s)"
            )

        rank = [parsed.title_key, *query_params]
        anywhere = [*query_params, *params, limit]
        in_title = [*query_params, *params, limit]
        with transaction.atomic(), self.connection.cursor() as cursor:
            # Parallel workers and JIT cost more to start than these queries
            # take; SET LOCAL ends with the transaction.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(
                "SELECT item.id, item.kind, item.area_id, area.slug, area.name, "
                f"document.title_key = %s, ts_rank('{WEIGHTS}', document.vector, {query}), "
                "top.in_title "
                f"FROM ({newest('search_document', 'false')} "
                f"UNION ALL {newest('search_title', 'true')}) top "
                "JOIN search_document document ON document.content_id = top.content_id "
                "JOIN core_content item ON item.id = top.content_id "
                "LEFT JOIN core_productarea area ON area.id = item.area_id",
                rank + anywhere + in_title,
            )
            return [Candidate(*row) for row in cursor.fetchall()]

    def snippets(self, parsed, ids, *, whole=False):
        """Return {id: body text with the matches marked}, cut short unless `whole`."""
        query, query_params = tsquery(parsed)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT content_id, ts_headline(%s, body, {query}, %s) FROM search_body "
                "WHERE content_id = ANY(%s)",
                [CONFIG, *query_params, WHOLE if whole else HEADLINE, list(ids)],
            )
            return dict(cursor.fetchall())

    def obvious(self, text, limit=10):
        """Run the plain query as djangoproject.com writes it: rank all matches, LIMIT 10."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT content_id, ts_rank(vector, query) AS rank FROM search_document, "
                "websearch_to_tsquery(%s, %s) query WHERE vector @@ query "
                "ORDER BY rank DESC LIMIT %s",
                [CONFIG, text, limit],
            )
            return cursor.fetchall()
