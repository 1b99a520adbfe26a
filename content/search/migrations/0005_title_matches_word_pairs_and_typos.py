"""Bring an index made by 0002 up to date; no item needs indexing again.

PostgreSQL no longer keeps a title-only table: the A-weighted words of the
document vector say whether the title matched, an index on the normalised
title finds the exact title match, and a table of vectors with word pairs
makes phrases quick (see content.search.backends.postgresql). On
both engines only words, not numbers, are looked up for typos.
"""

from django.db import migrations

from content.search.backends import sql_per_vendor
from content.search.backends.postgresql import PAIRS_FUNCTION, TOAST_TARGET

# The phrase table and its function as they were made here; 0007 replaced
# them with an index of word pairs on search_document.
PHRASE_FUNCTION = """
CREATE OR REPLACE FUNCTION search_phrase(config regconfig, words text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN pairs IS NULL THEN phrase
    WHEN numnode(phrase) = 3 THEN pairs::tsquery
    ELSE phrase && pairs::tsquery
  END
  FROM (
    SELECT websearch_to_tsquery(config, '"' || words || '"') AS phrase,
      (SELECT string_agg(quote_literal(pair), ' & ')
       FROM unnest(tsvector_to_array(search_pairs(to_tsvector(config, words)))) AS pair) AS pairs
  ) AS parts
$$"""
PHRASE_TABLE = [
    "CREATE TABLE search_phrase_document (content_id bigint PRIMARY KEY, vector tsvector NOT NULL) "
    f"WITH ({TOAST_TARGET})",
    "CREATE INDEX search_phrase_document_vector ON search_phrase_document USING gin (vector)",
    "INSERT INTO search_phrase_document (content_id, vector) "
    "SELECT content_id, vector || search_pairs(vector) FROM search_document",
]

POSTGRESQL = [
    PAIRS_FUNCTION,
    PHRASE_FUNCTION,
    f"ALTER TABLE search_document SET ({TOAST_TARGET})",
    # A new database had the table from 0002 already.
    "DROP TABLE IF EXISTS search_phrase_document",
    *PHRASE_TABLE,
    "DROP TABLE IF EXISTS search_title",
    "CREATE INDEX IF NOT EXISTS search_document_title_key ON search_document (title_key)",
    "DROP INDEX IF EXISTS search_term_trigram",
    'ALTER TABLE search_term ALTER COLUMN term TYPE text COLLATE "C"',
    "CREATE INDEX search_term_trigram ON search_term USING gin (term gin_trgm_ops) "
    "WHERE term !~ '[0-9]'",
]
SQLITE = ["DELETE FROM search_term_variant WHERE term GLOB '*[0-9]*'"]
# The older code wants the title table back; `rebuild_search_index` fills it.
POSTGRESQL_BACK = [
    "CREATE TABLE IF NOT EXISTS search_title ("
    "content_id bigint PRIMARY KEY, vector tsvector NOT NULL)",
    "DROP TABLE IF EXISTS search_phrase_document",
    "CREATE INDEX IF NOT EXISTS search_title_vector ON search_title USING gin (vector)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_starter_synonyms")]

    operations = [
        migrations.RunPython(
            sql_per_vendor({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            sql_per_vendor({"postgresql": POSTGRESQL_BACK}),
        )
    ]
