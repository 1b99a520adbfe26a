"""SQLite: each item's kind and area become tokens of its keywords column, as its tags did in 0011.

The tokens are the mark and "kind:faq" or "area:3" in hex (see
content.search.backends.sqlite). They are added to the items already
indexed, from core_content, so nothing needs indexing again.
"""

import re

from django.db import migrations

from content.search.backends import sql_per_vendor
from content.search.backends.sqlite import removing_tokens

MARK = "\ue002"  # content.search.backends.sqlite.MARK
FORWARD = [
    f"UPDATE search_fts SET keywords = keywords || ' {MARK}' || lower(hex('kind:' || item.kind)) "
    f"|| CASE WHEN item.area_id IS NULL THEN '' "
    f"ELSE ' {MARK}' || lower(hex('area:' || item.area_id)) END "
    "FROM core_content item WHERE item.id = search_fts.rowid",
    "INSERT INTO search_fts (search_fts) VALUES ('optimize')",
]
# " " and the mark, then "kind:" or "area:" in hex, then the rest in hex.
TOKENS = re.compile(f" {MARK}(?:{'kind:'.encode().hex()}|{'area:'.encode().hex()})[0-9a-f]*")


class Migration(migrations.Migration):
    dependencies = [("search", "0011_sqlite_tag_tokens")]

    operations = [migrations.RunPython(sql_per_vendor({"sqlite": FORWARD}), removing_tokens(TOKENS))]
