"""PostgreSQL: GIN indexes on an item's title words alone (the vector's
A-weighted lexemes) and on its head (title, tags, area, summary: A and B), so
that a search finds its title and head matches without reading every match;
SQLite has its title table (search_title_fts) already.

The SQL is frozen here; content.search.backends.postgresql explains its use.
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX search_document_title ON search_document "
    "USING gin (ts_filter(vector, '{a}')) WITH (fastupdate = off)",
    "CREATE INDEX search_document_head ON search_document "
    "USING gin (ts_filter(vector, '{a,b}')) WITH (fastupdate = off)",
]
DROP = ["DROP INDEX IF EXISTS search_document_title", "DROP INDEX IF EXISTS search_document_head"]


def running(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0002_squashed_0013_index_tables")]

    operations = [migrations.RunPython(running(CREATE), running(DROP))]
