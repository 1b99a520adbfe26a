"""SQLite: an indexed table of normalised titles, for the exact title match.

FTS5 cannot look up its UNINDEXED title_key column; see
content.search.backends.sqlite. The table is filled from the index, so no
item needs indexing again. PostgreSQL has its index on search_document.
"""

from django.db import migrations

from content.search.backends import sql_per_vendor
from content.search.backends.sqlite import TITLE_KEY_TABLE

FORWARD = [
    *TITLE_KEY_TABLE,
    "INSERT OR IGNORE INTO search_title_key (content_id, title_key) "
    "SELECT rowid, title_key FROM search_title_fts",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0005_title_matches_word_pairs_and_typos")]

    operations = [
        migrations.RunPython(
            sql_per_vendor({"sqlite": FORWARD}),
            sql_per_vendor({"sqlite": ["DROP TABLE IF EXISTS search_title_key"]}),
        )
    ]
