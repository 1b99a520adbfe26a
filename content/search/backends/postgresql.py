"""The PostgreSQL engine: a stored, weighted tsvector with GIN, ts_rank, ts_headline, pg_trgm.

`search_document` holds one row per content item with the weighted vector
(title A; tags, area and summary B; body C) and the normalised title that
spots an exact title match; `search_body` the plain body text that
ts_headline cuts snippets from. Typos are looked up by trigram similarity in
`search_term`, the words of the index, with a GIN trigram index.

Phrases: the GIN index knows which items have each word, not where, so for
"data leak prevention" it would hand over every item with all three words,
and each would be read to check the words stand together. So a second GIN
index on search_document holds each pair of neighbouring words as one
lexeme ("data_leak", "leak_prevent"), computed from the vector by
`search_pairs`, and a phrase is looked up by its pairs: that index finds
the items with the phrase, or very nearly, without reading any row, and
only those are checked (a two-word phrase is its pair, and needs no
check). The pairs live in the index alone: stored in the
rows, they would double the width of every row a common word reads,
or (in a table of their own) fill PostgreSQL's cache with a
second copy of every vector.
"""

import math
from itertools import batched

from django.db import transaction

from content.search import backends
from content.search.documents import (
    MARK_END,
    MARK_START,
    Candidate,
    filter_sql,
    narrowing_groups,
    narrowing_terms,
)

CONFIG = "english"
# ts_rank weights in the order D, C, B, A.
WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
HEADLINE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MinWords=12, MaxWords=30, ' + (
    'MaxFragments=2, FragmentDelimiter=" … "'
)
WHOLE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", HighlightAll=true'
TRIGRAM_THRESHOLD = 0.2
# work_mem while searching; see `Engine.candidates`.
BITMAP_MEMORY = "64MB"

# An item's narrowing terms (documents.narrowing_terms) are also lexemes of
# its vector, marked "#" and with no position: "#ldap", "#kind:faq",
# "#area:3". A narrowed search asks the GIN index for them instead of
# checking each item it finds. No word a person types can
# reach them: query words are letters and digits. ts_rank counts only the
# query's lexemes, so they do not rank an item.
MARK = "#"
# Between two fields of an item's vector: `||` numbers the right-hand words on
# from the left's last position, so without a gap a phrase could run from the
# title into the summary, where FTS5, which keeps columns apart, finds none.
# Like the narrowing marks, no typed word can reach the lexeme.
GAP = "'''#:'':1'::tsvector"
TABLES = ["search_document", "search_body"]
# The weights of an item's title, and of its "head": the title, the tags' and
# area's names and the summary. Each has a GIN index on the vector's
# lexemes of these weights alone (migration 0003); see `Engine.candidates`.
TITLE = "{a}"
HEAD = "{a,b}"
# Fewer matches than this many times `limit` are all ranked at once,
# without those passes.
FEW = 4


def narrowing_tsquery(filters):
    """Return the text of a tsquery for the lexemes `filters` asks for ("" if none)."""

    def lexeme(term):
        return "'" + (MARK + term).replace("\\", "\\\\").replace("'", "''") + "'"

    return " & ".join(
        "(" + " | ".join(map(lexeme, group)) + ")" for group in narrowing_groups(filters)
    )


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


def pairs_sql(phrase):
    """Return (sql, params): a condition on search_document that the pairs
    index answers, true of every item with `phrase` (of two words or more).

    A phrase without pairs ("legal the hold") asks for itself. The pairs
    are worked out once, while PostgreSQL plans the query: the function is
    immutable and its arguments are constants, so the CASE comes down to
    one of its branches before the index is chosen.
    """
    sql, params = phrase_sql(phrase)
    pairs = f"search_phrase_pairs('{CONFIG}', %s)"
    return (
        f"CASE WHEN {pairs} IS NULL THEN vector @@ {sql} ELSE search_pairs(vector) @@ {pairs} END",
        [phrase.text, *params, phrase.text],
    )


def indexed_sql(parsed):
    """Return (sql, params): a condition on search_document that its GIN
    indexes answer, true of every match of `parsed` and of few others.

    A phrase asks for its word pairs (see `pairs_sql`). When some words must
    all match, the phrases alone narrow the look-up: asking the index for a
    common word as well would cost more than checking it on the rows the
    pairs find. Excluded words are left to that check too: a phrase's
    pairs can be in an item that lacks the phrase itself.
    """
    groups = parsed.required
    if not parsed.match_any:
        phrases = [group for group in groups if all(len(p.words) > 1 for p in group.alternatives)]
        groups = phrases or groups
    parts, params = [], []
    for group in groups:
        alternatives = []
        for phrase in group.alternatives:
            if len(phrase.words) > 1:
                sql, values = pairs_sql(phrase)
                alternatives.append(sql)
            else:
                sql, values = phrase_sql(phrase)
                alternatives.append(f"vector @@ {sql}")
            params += values
        parts.append("(" + " OR ".join(alternatives) + ")")
    joiner = " OR " if parsed.match_any else " AND "
    return "(" + joiner.join(parts) + ")", params


def rank_sql(parsed, rarity=None):
    """Return (sql, params): an item's ts_rank for `parsed`, read from its vector.

    With `rarity` (a weight per required group), the rank is the sum of each
    group's: ts_rank alone knows where a word stands, not how many items
    hold it.
    """
    if not rarity:
        query, params = tsquery(parsed)
        return f"ts_rank('{WEIGHTS}', vector, {query})", params
    parts, params = [], []
    for group, weight in zip(parsed.required, rarity, strict=True):
        sql, values = group_sql(group)
        parts.append(f"{weight:.6f} * ts_rank('{WEIGHTS}', vector, {sql})")
        params += values
    return " + ".join(parts), params


def has_phrases(parsed):
    """Say whether some required word of `parsed` is a phrase (quoted, or a
    synonym of several words)."""
    return any(len(p.words) > 1 for group in parsed.required for p in group.alternatives)


def match_sql(parsed, filters):
    """Return (sql, params): the condition on search_document that an item
    matches `parsed` and holds the narrowing lexemes of `filters`.

    Phrases are looked up by their word pairs (see `indexed_sql`).
    """
    query, query_params = tsquery(parsed)
    phrases = has_phrases(parsed)
    if phrases:
        match, params = indexed_sql(parsed)
        if not decided_by_pairs(parsed):
            # The function form, which no index answers, checks the rows found.
            match = f"{match} AND ts_match_vq(vector, {query})"
            params = [*params, *query_params]
    else:
        match, params = f"vector @@ ({query})", query_params
    if narrowing := narrowing_tsquery(filters):
        # The pairs find few rows: checking the narrowing lexemes on them
        # costs less than reading their long lists in the index.
        check = "ts_match_vq(vector, %s::tsquery)" if phrases else "vector @@ %s::tsquery"
        match = f"{match} AND {check}"
        params = [*params, narrowing]
    return match, params


def field_match_sql(parsed, filters, weights):
    """Return (sql, params): the condition on search_document that the
    words of `parsed` stand in the fields of `weights` (TITLE or HEAD), and
    the item matches `parsed` and holds the narrowing lexemes of `filters`.
    The GIN index on those fields' lexemes answers it.

    Fields with every required word may still make no match: an excluded
    word or a narrowing lexeme is looked for in the whole vector, on the
    rows the index finds.
    """
    query, query_params = tsquery(parsed)
    match, params = f"ts_filter(vector, '{weights}') @@ ({query})", query_params
    if parsed.excluded:
        match = f"{match} AND ts_match_vq(vector, {query})"
        params = [*params, *query_params]
    if narrowing := narrowing_tsquery(filters):
        # The operator form: the planner may read the lexemes' lists in the
        # vector's GIN index, when they are shorter than the fields' matches.
        match = f"{match} AND vector @@ %s::tsquery"
        params = [*params, narrowing]
    return match, params


def decided_by_pairs(parsed):
    """Say whether the items `indexed_sql` finds are exactly the matches.

    An item has the pair of a two-word phrase ("legal_hold") exactly when
    the two words stand side by side in it: the pair is read off the same
    positions the phrase is matched against (and a two-word phrase without
    a pair, "the hold", is looked up as itself). Longer phrases and
    everything else need checking on the rows found.
    """
    return not parsed.excluded and all(
        len(phrase.words) == 2 for group in parsed.required for phrase in group.alternatives
    )


class Engine(backends.Engine):
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
                "marks": [MARK + term for term in narrowing_terms(d)],
            }
            for d in documents
        ]
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (content_id, title_key, vector) "
                "VALUES (%(id)s, %(title_key)s, "
                f"setweight(to_tsvector(%(config)s, %(title)s), 'A') || {GAP} || "
                f"setweight(to_tsvector(%(config)s, %(keywords)s), 'B') || {GAP} || "
                f"setweight(to_tsvector(%(config)s, %(summary)s), 'B') || {GAP} || "
                "setweight(to_tsvector(%(config)s, %(body)s), 'C') || "
                "array_to_tsvector(%(marks)s::text[]))",
                rows,
            )
            cursor.executemany(
                "INSERT INTO search_body (content_id, body) VALUES (%(id)s, %(body)s)", rows
            )
        self.add_terms(set().union(*(document.terms() for document in documents)))

    def optimise(self):
        """Refresh the planner's statistics of the index, after indexing everything.

        `rarity` weighs words by the planner's estimate of how many items
        hold them, and without autovacuum (or before it comes round) a
        rebuilt index would be estimated from statistics of what it held
        before.
        """
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join([*TABLES, 'search_term'])}")

    def add_terms(self, terms):
        with self.connection.cursor() as cursor:
            for chunk in batched(sorted(terms), 1000):
                cursor.execute(
                    "INSERT INTO search_term (term) SELECT unnest(%s::text[]) "
                    "ON CONFLICT DO NOTHING",
                    [list(chunk)],
                )

    # --- Typos -------------------------------------------------------------

    def held_sql(self):
        # A stop word ("their") has no lexeme, so no vector holds it: any
        # item is taken to, as SQLite's index, which keeps stop words, does.
        return (
            "search_document JOIN core_content ON core_content.id = search_document.content_id "
            f"WHERE (numnode(plainto_tsquery('{CONFIG}', %s)) = 0 "
            f"OR search_document.vector @@ plainto_tsquery('{CONFIG}', %s))",
            lambda term: [term, term],
        )

    def similar_terms(self, words):
        """Return {word: terms that share enough trigrams to be a typo of it}."""
        found = {word: set() for word in words}
        with self.connection.cursor() as cursor:
            # The % operator uses the session's threshold; the default 0.3 misses
            # short words with a swapped pair ("digset" is 0.27 from "digest").
            cursor.execute("SELECT set_limit(%s)", [TRIGRAM_THRESHOLD])
            cursor.execute(
                "SELECT word, term FROM unnest(%s::text[]) AS word "
                "JOIN search_term ON term %% word AND term !~ '[0-9]' "
                "AND length(term) BETWEEN length(word) - 1 AND length(word) + 1",
                [list(words)],
            )
            for word, term in cursor.fetchall():
                found[word].add(term)
        return found

    # --- Searching ----------------------------------------------------------

    def candidates(self, parsed, filters, *, limit):
        """Return the best `limit` visible title matches and the exact title
        match, by ts_rank over every title match; unless the title matches
        fill `limit`, the best `limit` visible matches in the item's head
        (title, tags, area, summary), by ts_rank over every such match; and
        unless those fill `limit` too, the best `limit` visible matches by
        ts_rank over every match. The newest come first among equals.

        Title matches come before every other match (see engine.search), so
        when `limit` of them may be shown, the rest would never be listed:
        they are not ranked. Past `limit` head matches, the matches in the
        body alone are not ranked either: for a query of one word, any of
        them ranks below every head match (ts_rank scores a word by its
        best-weighted place, B 0.4 against C 0.2, and its further places add
        less than that), and for more words, the best matches in the head
        are taken for the best of all. Each is found through the GIN index
        on its fields' lexemes (search_document_title, search_document_head).
        A query with a phrase skips both (its matches are found through the
        pairs index), and so does one with fewer than FEW times `limit`
        matches by the planner's estimate: all of them are ranked.
        ts_rank reads every match's vector, so a word in a third of the
        bodies but few heads still costs more than a rare one (see
        bench/search). The matches are sorted by rank first, and then
        checked one at a time, best first, until `limit` may be shown; only
        those are read again for their title (the query against the title's
        A-weighted words alone).
        """
        where, params = filter_sql(filters)
        query, query_params = tsquery(parsed)
        # One look-up per match both says whether it may be shown and reads
        # its kind and area. OFFSET 0 keeps it a look-up per row, made only
        # for the rows LIMIT takes: as a plain join, PostgreSQL may join every
        # match at once.
        item = (
            "CROSS JOIN LATERAL (SELECT kind, area_id FROM core_content "
            f"WHERE core_content.id = ranked.content_id AND {where} OFFSET 0) item"
        )
        # The settings below are local to a transaction: a request's own, ended
        # with the block. Inside a caller's transaction no savepoint is needed,
        # since they only steer plans, and a search costs two round trips less.
        with transaction.atomic(savepoint=False), self.connection.cursor() as cursor:
            # Parallel workers and JIT cost more to start than these queries
            # take, and no step here wants to read a whole table, computing
            # search_pairs() for each row. A bitmap that outgrows work_mem
            # goes lossy, and PostgreSQL then checks every row of its pages
            # again, the same way: at the default 4 MB, a common pair would
            # take seconds from about half a million items on; BITMAP_MEMORY
            # keeps them exact to millions.
            cursor.execute(
                "SELECT set_config('max_parallel_workers_per_gather', '0', true), "
                "set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true), "
                "set_config('work_mem', %s, true)",
                [BITMAP_MEMORY],
            )
            rarity = self.rarity(cursor, parsed) if parsed.match_any else None
            rank, rank_params = rank_sql(parsed, rarity)

            def best(match, match_params, *, exact):
                """Return the best `limit` visible rows that meet `match`, and
                with `exact` the exact title match."""
                sql = (
                    "SELECT top.content_id, top.kind, top.area_id, area.slug, area.name, "
                    "document.title_key = %s, top.score, "
                    f"ts_filter(document.vector, '{{a}}') @@ ({query}) FROM ("
                    "(SELECT ranked.content_id, item.kind, item.area_id, ranked.score FROM ("
                    f"SELECT content_id, {rank} AS score FROM search_document WHERE {match} "
                    f"ORDER BY score DESC, content_id DESC OFFSET 0) ranked {item} "
                    "ORDER BY ranked.score DESC, ranked.content_id DESC LIMIT %s)"
                )
                values = [
                    *(parsed.title_key, *query_params),
                    *(*rank_params, *match_params, *params, limit),
                ]
                if exact:
                    sql += (
                        f" UNION (SELECT ranked.content_id, item.kind, item.area_id, {rank} "
                        f"FROM search_document ranked {item} "
                        f"WHERE title_key = %s AND vector @@ ({query}))"
                    )
                    values += [*rank_params, *params, parsed.title_key, *query_params]
                cursor.execute(
                    f"{sql}) top JOIN search_document document "
                    "ON document.content_id = top.content_id "
                    "LEFT JOIN core_productarea area ON area.id = top.area_id",
                    values,
                )
                return [Candidate(*row) for row in cursor.fetchall()]

            match, match_params = match_sql(parsed, filters)
            # The fields' indexes hold no positions: every item with a
            # phrase's words in its title or head would be read to check
            # them, where the pairs index finds the phrase's items alone. And
            # a few thousand matches (by the planner's estimate, as a narrowed
            # search often has) are ranked in less time than the passes take.
            if has_phrases(parsed) or self.estimate(cursor, match, match_params) < FEW * limit:
                return best(match, match_params, exact=True)
            found = best(*field_match_sql(parsed, filters, TITLE), exact=True)
            if sum(candidate.in_title for candidate in found) >= limit:
                return found
            in_head, in_head_params = field_match_sql(parsed, filters, HEAD)
            # Ranking the head matches is wasted when they are too few to
            # fill `limit`, as a narrowed search's often are: the planner's
            # estimate of how many there are (one plan, no rows read) skips
            # them then. A wrong estimate costs time, never a match.
            if self.estimate(cursor, in_head, in_head_params) >= limit:
                head = best(in_head, in_head_params, exact=False)
                if len(head) >= limit:
                    return found + head
            return found + best(match, match_params, exact=False)

    def estimate(self, cursor, condition, params):
        """Return the planner's estimate of how many rows of search_document meet `condition`."""
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_document WHERE {condition}", params
        )
        return cursor.fetchone()[0][0]["Plan"]["Plan Rows"]

    def rarity(self, cursor, parsed):
        """Return the inverse document frequency of each required group, from
        the planner's estimates of how many items hold it (one plan, no rows
        read), as bm25 weighs words on SQLite."""
        parts, params = [], []
        for group in parsed.required:
            sql, values = group_sql(group)
            parts.append(f"SELECT 1 FROM search_document WHERE vector @@ {sql}")
            params += values
        cursor.execute(
            "EXPLAIN (FORMAT JSON) "
            + " UNION ALL ".join([*parts, "SELECT 1 FROM search_document"]),
            params,
        )
        plans = cursor.fetchone()[0][0]["Plan"]["Plans"]
        everything = max(plans[-1]["Plan Rows"], 1)
        return [
            math.log(1 + (everything - held + 0.5) / (held + 0.5))
            for held in (min(plan["Plan Rows"], everything) for plan in plans[:-1])
        ]

    def ids_sql(self, ids):
        # One array parameter: two thousand placeholders cost more to send
        # and plan than the count itself. It is sent as the text of the
        # array: psycopg quotes a list element by element, which took 1 ms.
        return "= ANY(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"]

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
