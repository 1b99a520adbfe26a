"""The PostgreSQL engine: a stored, weighted tsvector with GIN, ts_rank, ts_headline, pg_trgm.

`search_document` holds one row per content item: the weighted vector (title
A, tags, area and summary B, body C), a small title-only vector that decides
"matched in the title", and the plain body text that ts_headline cuts
snippets from. Typos are looked up by trigram similarity in `search_term`,
the words of the index, with a GIN trigram index.
"""

from itertools import batched

from content.search.documents import MARK_END, MARK_START, filter_sql, tag_join_sql

CONFIG = "english"
# ts_rank weights in the order D, C, B, A.
WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
HEADLINE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MinWords=12, MaxWords=30, ' + (
    'MaxFragments=2, FragmentDelimiter=" … "'
)
WHOLE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", HighlightAll=true'
TRIGRAM_THRESHOLD = 0.2

SCHEMA = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE search_document ("
    "content_id bigint PRIMARY KEY, "
    "title_key text NOT NULL, "
    "title_vector tsvector NOT NULL, "
    "vector tsvector NOT NULL, "
    "body text NOT NULL)",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    "CREATE INDEX search_document_title_vector ON search_document USING gin (title_vector)",
    "CREATE TABLE search_term (term text PRIMARY KEY)",
    "CREATE INDEX search_term_trigram ON search_term USING gin (term gin_trgm_ops)",
]
DROP = ["DROP TABLE IF EXISTS search_term", "DROP TABLE IF EXISTS search_document"]


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
    sql, params = [], []
    for group in parsed.required:
        part, values = group_sql(group)
        sql.append(part)
        params += values
    for group in parsed.excluded:
        part, values = group_sql(group)
        sql.append(f"!!{part}")
        params += values
    return " && ".join(sql), params


class Engine:
    vendor = "postgresql"

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
            cursor.execute("TRUNCATE search_document, search_term")

    def remove(self, ids):
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document WHERE content_id = ANY(%s)", [list(ids)])

    def index(self, documents):
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (content_id, title_key, title_vector, vector, body) "
                "VALUES (%(id)s, %(title_key)s, to_tsvector(%(config)s, %(title)s), "
                "setweight(to_tsvector(%(config)s, %(title)s), 'A') || "
                "setweight(to_tsvector(%(config)s, %(keywords)s || ' ' || %(summary)s), 'B') || "
                "setweight(to_tsvector(%(config)s, %(body)s), 'C'), %(body)s) "
                "ON CONFLICT (content_id) DO UPDATE SET title_key = EXCLUDED.title_key, "
                "title_vector = EXCLUDED.title_vector, vector = EXCLUDED.vector, "
                "body = EXCLUDED.body",
                [
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
                ],
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

    def candidates(self, words):
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

    def ranked(self, parsed, filters, *, offset, limit, whole=False):
        """Return [(id, marked text)] for one page: exact title, then title matches, then rank."""
        where, params = filter_sql(filters)
        query, query_params = tsquery(parsed)
        order = "exact DESC, in_title DESC, rank DESC, publish_at DESC"
        sql = (
            f"WITH q AS (SELECT {query} AS query) "
            "SELECT page.id, ts_headline(%s, document.body, q.query, %s) FROM ("
            "SELECT core_content.id, core_content.publish_at, "
            "search_document.title_key = %s AS exact, "
            "search_document.title_vector @@ q.query AS in_title, "
            f"ts_rank('{WEIGHTS}', search_document.vector, q.query) AS rank "
            "FROM search_document JOIN core_content "
            "ON core_content.id = search_document.content_id CROSS JOIN q "
            f"WHERE search_document.vector @@ q.query AND {where} "
            f"ORDER BY {order} LIMIT %s OFFSET %s) page "
            "JOIN search_document document ON document.content_id = page.id CROSS JOIN q "
            f"ORDER BY {order}"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    *query_params,
                    CONFIG,
                    WHOLE if whole else HEADLINE,
                    parsed.title_key,
                    *params,
                    limit,
                    offset,
                ],
            )
            return cursor.fetchall()

    def _matches(self, parsed):
        query, params = tsquery(parsed)
        return f"search_document.vector @@ ({query})", params

    def facet_rows(self, parsed, filters):
        """Return [(kind, area id, area slug, area name, count)] of the visible matches."""
        where, params = filter_sql(filters)
        match, match_params = self._matches(parsed)
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT core_content.kind, core_content.area_id, area.slug, area.name, COUNT(*) "
                "FROM search_document "
                "JOIN core_content ON core_content.id = search_document.content_id "
                "LEFT JOIN core_productarea area ON area.id = core_content.area_id "
                f"WHERE {match} AND {where} "
                "GROUP BY core_content.kind, core_content.area_id, area.slug, area.name",
                [*match_params, *params],
            )
            return cursor.fetchall()

    def tag_rows(self, parsed, filters, limit):
        """Return [(slug, name, count)] of the tags of the visible matches, commonest first."""
        where, params = filter_sql(filters)
        match, match_params = self._matches(parsed)
        join, join_params = tag_join_sql()
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT tag.slug, tag.name, COUNT(*) AS count FROM search_document "
                f"JOIN core_content ON core_content.id = search_document.content_id {join} "
                f"WHERE {match} AND {where} "
                "GROUP BY tag.slug, tag.name ORDER BY count DESC, tag.name LIMIT %s",
                [*join_params, *match_params, *params, limit],
            )
            return cursor.fetchall()

    def matching_ids(self, parsed, ids):
        match, params = self._matches(parsed)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT content_id FROM search_document WHERE {match} AND content_id = ANY(%s)",
                [*params, list(ids)],
            )
            return {row[0] for row in cursor.fetchall()}

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
