"""The SQLite engine: an FTS5 table with bm25 column weights, snippet() and prefixes.

FTS5 keeps its own copy of the text (rowid = the content item's id), stemmed
by the porter tokenizer, with prefix indexes for two and three letters. Typos
are caught with a deletion index over the indexed words (unstemmed, so that
"phising" meets "phishing" rather than the stem "phish"): a
word and a typo of it one letter apart always share a key of "the word with
one letter removed" (the SymSpell idea), so finding candidates is one lookup.
"""

from dataclasses import replace
from itertools import batched

from content.search import backends
from content.search.documents import (
    MARK_END,
    MARK_START,
    Candidate,
    filter_sql,
    narrowing_groups,
    narrowing_terms,
)
from content.search.query import deletions

# bm25 weights, in column order: title, keywords (tags' and area's names),
# summary, body, narrowing. The narrowing tokens score nothing: every item a
# narrowed search finds has them. bm25 still counts them in an item's length,
# as it counts the tags' names: an item with many tags ranks a little lower.
WEIGHTS = "10.0, 4.0, 3.0, 1.0, 0.0"
SNIPPET_WORDS = 24
BODY_COLUMN = 3
PREFIX_INDEXES = (2, 3)
# An item's narrowing terms (documents.narrowing_terms) are also tokens of
# its narrowing column: this mark and the term in hex ("\ue002" "6c646170"
# for the tag ldap). A narrowed search asks FTS5 for these lists, which hold
# only the items with the term: asked for a tag's name in the keywords
# column, FTS5 would read every item with the word anywhere to check which
# column it is in. FTS5 reads a private-use character as part of a word,
# and no query word can hold one (query.WORD), nor indexed text
# (documents.MARKERS).
MARK = "\ue002"


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


def token(term):
    return MARK + term.encode().hex()


def narrowing_expression(groups):
    """Return the FTS5 expression that finds the items with the tokens of `groups`
    (see documents.narrowing_groups).
    """
    return " AND ".join(
        "(" + " OR ".join(quote([token(term)]) for term in group) + ")" for group in groups
    )


def matches_sql(table, columns, expression, condition, rest):
    """Return (sql, params) selecting a Candidate's columns for each visible
    item of `table` (search_fts or search_title_fts) that matches the FTS5
    `expression` and meets `condition`, (sql, params) on core_content;
    `columns` give exact, score and in_title, and `rest` ends the query.
    """
    where, params = condition
    return (
        "SELECT * FROM (SELECT core_content.id, core_content.kind, "
        f"core_content.area_id, area.slug, area.name, {columns} "
        f"FROM {table} JOIN core_content ON core_content.id = {table}.rowid "
        "LEFT JOIN core_productarea area ON area.id = core_content.area_id "
        f"WHERE {table} MATCH %s AND {where} {rest})",
        [expression, *params],
    )


def title_condition(parsed, filters, where, params):
    """Return (sql, params): the condition on a title match, besides its words.

    The title table holds titles alone: an item with an excluded word
    elsewhere is no match, and the table has no narrowing tokens. So its
    matches are checked against the items search_fts finds for those, found
    once, before each is joined to core_content. The unary plus keeps SQLite
    from handing the list to FTS5, which would run the match once per item
    in it: for a common tag, 250 ms instead of 2.5. A kind's or an area's
    list is long, and cheaper to check in core_content item by item, as
    `where` does.
    """
    checks, values = [], []
    if filters.tags:
        checks.append("IN")
        values.append(
            narrowing_expression(narrowing_groups(replace(filters, kinds=(), area_id=None)))
        )
    if parsed.excluded:
        checks.append("NOT IN")
        values.append(" OR ".join(map(group_sql, parsed.excluded)))
    found = [
        f"+search_title_fts.rowid {check} (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        for check in checks
    ]
    return " AND ".join([*found, where]), [*values, *params]


def match_expression(parsed):
    joiner = " OR " if parsed.match_any else " AND "
    expression = "(" + joiner.join(group_sql(group) for group in parsed.required) + ")"
    for group in parsed.excluded:
        expression = f"({expression}) NOT {group_sql(group)}"
    return expression


class Engine(backends.Engine):
    term_tables = ["search_term_variant", "search_term"]
    # Longer prefixes would make FTS5 merge the doclists of every word they start.
    longest_prefix = max(PREFIX_INDEXES)

    # --- Keeping the index in step ------------------------------------------

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_title_fts")
            cursor.execute("DELETE FROM search_title_key")
            cursor.execute("DELETE FROM search_term_variant")
            cursor.execute("DELETE FROM search_term")

    def remove(self, ids):
        with self.connection.cursor() as cursor:
            for chunk in batched(ids, 500):
                placeholders = ", ".join(["%s"] * len(chunk))
                for table in ["search_fts", "search_title_fts", "search_title_key"]:
                    cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({placeholders})", chunk)

    def index(self, documents):
        self.remove([document.content_id for document in documents])
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts "
                "(rowid, title, keywords, summary, body, narrowing, title_key) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        d.content_id,
                        d.title,
                        d.keywords,
                        d.summary,
                        d.body,
                        " ".join(map(token, narrowing_terms(d))),
                        d.title_key,
                    )
                    for d in documents
                ],
            )
            cursor.executemany(
                "INSERT INTO search_title_fts (rowid, title, title_key) VALUES (%s, %s, %s)",
                [(d.content_id, d.title, d.title_key) for d in documents],
            )
            cursor.executemany(
                "INSERT INTO search_title_key (content_id, title_key) VALUES (%s, %s)",
                [(d.content_id, d.title_key) for d in documents],
            )
        self.add_terms(set().union(*(document.terms() for document in documents)))

    def optimise(self):
        """Merge each FTS5 index into one segment, after indexing everything.

        A bulk load leaves the index in many segments, and every look-up of
        a word seeks in each of them: at 100,000 items, merging took 2 s and
        made searches of several words 1 to 2.5 ms faster. Later saves add
        small segments, which FTS5 merges on its own.
        """
        with self.connection.cursor() as cursor:
            for table in ["search_fts", "search_title_fts"]:
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def add_terms(self, terms):
        new = sorted(set(terms) - self.known_terms(terms))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT OR IGNORE INTO search_term (term) VALUES (%s)", [(t,) for t in new]
            )
            cursor.executemany(
                "INSERT OR IGNORE INTO search_term_variant (variant, term) VALUES (%s, %s)",
                # Only words can be misspelt; numbers are left out (see may_have_typo).
                [(variant, term) for term in new if term.isalpha() for variant in deletions(term)],
            )

    # --- Typos -------------------------------------------------------------

    def held_sql(self):
        return (
            "search_fts JOIN core_content ON core_content.id = search_fts.rowid "
            "WHERE search_fts MATCH %s",
            lambda term: [quote([term])],
        )

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

    def similar_terms(self, words):
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

    def candidates(self, parsed, filters, *, limit):
        """Return the best `limit` title matches and the exact title match, by
        bm25 over every title match, and, unless the title matches fill
        `limit`, the best `limit` matches by bm25 over every match; the
        newest first among equals.

        Title matches come before every other match (see engine.search), so
        when `limit` of them may be shown, the rest would never be listed:
        they are not ranked. bm25 reads every match (how often each word is
        in it, and its length), so a word in a third of the bodies but few
        titles still costs more than a rare one; see bench/search.
        """
        where, params = filter_sql(filters)
        expression = narrowed = match_expression(parsed)
        if groups := narrowing_groups(filters):
            narrowed = f"({expression}) AND {narrowing_expression(groups)}"
        in_titles = title_condition(parsed, filters, where, params)
        exact, exact_params = matches_sql(
            "search_title_fts",
            "true, -bm25(search_title_fts), true",
            expression,
            in_titles,
            "AND search_title_fts.rowid IN "
            "(SELECT content_id FROM search_title_key WHERE title_key = %s)",
        )
        # The title table has no narrowing tokens: narrowed, most of its best
        # matches may be left out, and every match is joined at once.
        narrowing = bool(filters.kinds or filters.area_id or filters.tags or parsed.excluded)
        with self.connection.cursor() as cursor:
            cursor.execute(exact, [*exact_params, parsed.title_key])
            found = [Candidate(*row) for row in cursor.fetchall()]
            found += self.best_matches(
                cursor, "search_title_fts", expression, in_titles, limit, first=not narrowing
            )
            if sum(not candidate.exact for candidate in found) < limit:
                found += self.best_matches(cursor, "search_fts", narrowed, (where, params), limit)
            return found

    def best_matches(self, cursor, table, expression, condition, limit, *, first=True):
        """Return the best `limit` items of `table` (search_fts, or search_title_fts
        for title matches) that match `expression` and meet `condition`, by
        bm25 over every match, the newest first among equals.

        With `first`, FTS5's matches are sorted by bm25 on their own first,
        and only the best of them are joined to core_content and checked:
        joining every match first cost a look-up per match (at 20,000 items,
        "email": 61 ms against 23). Some of the best may not be shown
        (drafts, scheduled items): FTS5 hands over a fifth more than `limit`,
        in the same order as the whole list (newest first among equals), and
        only when fewer than `limit` of those may be shown is every match
        joined and ranked instead. (FTS5's own ORDER BY rank
        took longer than ordering by bm25() here.)
        """
        titles = table == "search_title_fts"
        score = f"bm25({table})" if titles else f"bm25({table}, {WEIGHTS})"
        in_title = "true" if titles else "false"
        where, params = condition
        if first:
            handed = limit + limit // 5
            cursor.execute(
                "SELECT core_content.id, core_content.kind, core_content.area_id, area.slug, "
                f"area.name, false, -best.score, {in_title}, best.handed FROM ("
                "SELECT rowid, score, count(*) OVER () AS handed "
                f"FROM (SELECT rowid, {score} AS score FROM {table} WHERE {table} MATCH %s "
                "ORDER BY score, rowid DESC LIMIT %s)) best "
                "JOIN core_content ON core_content.id = best.rowid "
                "LEFT JOIN core_productarea area ON area.id = core_content.area_id "
                f"WHERE {where} ORDER BY best.score, best.rowid DESC LIMIT %s",
                [expression, handed, *params, limit],
            )
            rows = cursor.fetchall()
            if len(rows) == limit or (rows and rows[0][8] < handed):
                return [Candidate(*row[:8]) for row in rows]
        sql, sql_params = matches_sql(
            table,
            f"false, -{score}, {in_title}",
            expression,
            condition,
            f"ORDER BY -{score} DESC, {table}.rowid DESC LIMIT %s",
        )
        cursor.execute(sql, [*sql_params, limit])
        return [Candidate(*row) for row in cursor.fetchall()]

    def snippets(self, parsed, ids, *, whole=False):
        """Return {id: body text with the matches marked}, cut short unless `whole`."""
        text = (
            f"highlight(search_fts, {BODY_COLUMN}, %s, %s)"
            if whole
            else f"snippet(search_fts, {BODY_COLUMN}, %s, %s, '…', {SNIPPET_WORDS})"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {text} FROM search_fts WHERE search_fts MATCH %s "
                f"AND rowid IN ({', '.join(['%s'] * len(ids))})",
                [MARK_START, MARK_END, match_expression(parsed), *ids],
            )
            return dict(cursor.fetchall())
