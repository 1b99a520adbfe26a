"""PostgreSQL: find phrases through an index of word pairs on search_document.

The table of vectors with word pairs that 0005 made kept a second copy of
every vector, and looking a phrase up read one of its rows per item found:
with a cache smaller than both tables, most of them from disk. An
expression index on `search_pairs(vector)` answers the same look-up
without reading any row (see content.search.backends.postgresql). The index
is built from search_document, so no item needs indexing again.
"""

from importlib import import_module

from django.db import migrations

from content.search.backends import sql_per_vendor
from content.search.backends.postgresql import PAIRS_INDEX, PHRASE_PAIRS_FUNCTION

before = import_module("content.search.migrations.0005_title_matches_word_pairs_and_typos")

FORWARD = [
    PHRASE_PAIRS_FUNCTION,
    PAIRS_INDEX,
    "DROP TABLE IF EXISTS search_phrase_document",
    "DROP FUNCTION IF EXISTS search_phrase(regconfig, text)",
]
BACKWARD = [
    before.PHRASE_FUNCTION,
    *before.PHRASE_TABLE,
    "DROP INDEX IF EXISTS search_document_pairs",
    "DROP FUNCTION IF EXISTS search_phrase_pairs(regconfig, text)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0006_sqlite_title_key")]

    operations = [
        migrations.RunPython(
            sql_per_vendor({"postgresql": FORWARD}), sql_per_vendor({"postgresql": BACKWARD})
        )
    ]
