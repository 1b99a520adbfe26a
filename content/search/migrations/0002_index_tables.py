"""Create the search index tables of the database's engine (FTS5 or tsvector + pg_trgm)."""

from django.db import migrations


def engine(schema_editor):
    from content.search.backends import postgresql, sqlite

    return {"sqlite": sqlite.Engine, "postgresql": postgresql.Engine}[
        schema_editor.connection.vendor
    ](schema_editor.connection)


def create(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        engine(schema_editor).create_schema(cursor)


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        engine(schema_editor).drop_schema(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_searchgaps_promotions_synonyms")]

    operations = [migrations.RunPython(create, drop)]
