"""PostgreSQL: each item's tags become lexemes of its vector ("#" and the slug).

A search narrowed by tags then asks the GIN index for them (see
content.search.backends.postgresql). This adds them to the vectors already
indexed, from taggit's tables, so nothing needs indexing again. Tags of
other models that share an item's id may be added too: the lexemes only
narrow the look-up, and the search still checks each item's tags.

Rewriting every row leaves the table and its indexes twice their size,
which every walk and look-up would read through: the migration ends with
VACUUM FULL (outside a transaction, hence atomic = False), which writes
them out compact again.
"""

from django.db import migrations

from content.search.backends import sql_per_vendor

FORWARD = [
    "UPDATE search_document SET vector = vector || array_to_tsvector(tags.lexemes) "
    "FROM (SELECT tagged.object_id, array_agg(DISTINCT '#' || tag.slug) AS lexemes "
    "FROM taggit_taggeditem tagged JOIN taggit_tag tag ON tag.id = tagged.tag_id "
    "GROUP BY tagged.object_id) tags "
    "WHERE tags.object_id = search_document.content_id",
    "VACUUM FULL ANALYZE search_document",
]
BACKWARD = [
    "UPDATE search_document SET vector = ts_delete(vector, "
    "ARRAY(SELECT lexeme FROM unnest(vector) WHERE lexeme LIKE '#%')) "
    "WHERE EXISTS (SELECT 1 FROM unnest(vector) WHERE lexeme LIKE '#%')",
    "VACUUM FULL ANALYZE search_document",
]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0008_postgresql_gin_without_pending_list")]

    operations = [
        migrations.RunPython(
            sql_per_vendor({"postgresql": FORWARD}), sql_per_vendor({"postgresql": BACKWARD})
        )
    ]
