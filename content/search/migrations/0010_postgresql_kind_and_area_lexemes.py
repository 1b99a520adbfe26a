"""PostgreSQL: each item's kind and area become lexemes of its vector ("#kind:faq", "#area:3").

A search narrowed by kind or area then asks the GIN index for them, as one
narrowed by tags does (see content.search.backends.postgresql). This adds
them to the vectors already indexed, from core_content, so nothing needs
indexing again; as in 0009, VACUUM FULL then writes the rewritten table and
its indexes out compact again.
"""

from django.db import migrations

from content.search.backends import sql_per_vendor

FORWARD = [
    "UPDATE search_document SET vector = vector || array_to_tsvector("
    "ARRAY['#kind:' || item.kind] || CASE WHEN item.area_id IS NULL THEN '{}'::text[] "
    "ELSE ARRAY['#area:' || item.area_id] END) "
    "FROM core_content item WHERE item.id = search_document.content_id",
    "VACUUM FULL ANALYZE search_document",
]
BACKWARD = [
    "UPDATE search_document SET vector = ts_delete(vector, ARRAY(SELECT lexeme FROM unnest(vector) "
    "WHERE lexeme LIKE '#kind:%' OR lexeme LIKE '#area:%'))",
    "VACUUM FULL ANALYZE search_document",
]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0009_postgresql_tag_lexemes")]

    operations = [
        migrations.RunPython(
            sql_per_vendor({"postgresql": FORWARD}), sql_per_vendor({"postgresql": BACKWARD})
        )
    ]
