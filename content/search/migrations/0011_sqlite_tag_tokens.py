"""SQLite: each item's tags become tokens of its keywords column (a mark and the slug in hex).

A search narrowed by tags then asks FTS5 for them (see
content.search.backends.sqlite). This adds them to the items already
indexed, from taggit's tables, so nothing needs indexing again; FTS5 reads
each changed row's text again, as indexing does. As in 0009, tags of other
models that share an item's id may be added too: the tokens only narrow.
"""

import re

from django.db import migrations

from content.search.backends import sql_per_vendor
from content.search.backends.sqlite import removing_tokens

TAG_MARK = "\ue002"  # content.search.backends.sqlite.MARK

FORWARD = [
    "UPDATE search_fts SET keywords = keywords || tags.tokens FROM ("
    f"SELECT tagged.object_id, group_concat(' {TAG_MARK}' || lower(hex(tag.slug)), '') AS tokens "
    "FROM taggit_taggeditem tagged JOIN taggit_tag tag ON tag.id = tagged.tag_id "
    "GROUP BY tagged.object_id) tags WHERE tags.object_id = search_fts.rowid",
    "INSERT INTO search_fts (search_fts) VALUES ('optimize')",
]
TOKENS = re.compile(f" {TAG_MARK}[0-9a-f]*")


class Migration(migrations.Migration):
    dependencies = [("search", "0010_postgresql_kind_and_area_lexemes")]

    operations = [migrations.RunPython(sql_per_vendor({"sqlite": FORWARD}), removing_tokens(TOKENS))]
