"""PostgreSQL: the GIN indexes take new entries in at once, with no pending list.

With fastupdate on, PostgreSQL's default, new index entries wait in a
pending list that every search through the index reads in full until a
VACUUM merges it; after indexing 100,000 items it held 380 pages. This turns
fastupdate off and merges what is pending (see
content.search.backends.postgresql). Nothing needs indexing again.
"""

from django.db import migrations

from content.search.backends import sql_per_vendor

INDEXES = ["search_document_vector", "search_document_pairs", "search_term_trigram"]
FORWARD = [f"ALTER INDEX {name} SET (fastupdate = off)" for name in INDEXES] + [
    f"SELECT gin_clean_pending_list('{name}'::regclass)" for name in INDEXES
]
BACKWARD = [f"ALTER INDEX {name} RESET (fastupdate)" for name in INDEXES]


class Migration(migrations.Migration):
    dependencies = [("search", "0007_postgresql_word_pairs_index")]

    operations = [
        migrations.RunPython(
            sql_per_vendor({"postgresql": FORWARD}), sql_per_vendor({"postgresql": BACKWARD})
        )
    ]
