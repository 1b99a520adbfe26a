"""SQLite: the narrowing tokens move from the keywords column to a column of their own.

In the keywords column bm25 scored them: a search narrowed by kind, area
or tags ranked its matches by the tokens too, and an item with many tags
fell behind. In their own column they score nothing (see
content.search.backends.sqlite.WEIGHTS), and count only in an item's length. FTS5 cannot add a column, so the
table is made again and the rows copied: the tokens are always the end of
the keywords, from the first " \ue002" on. A new database has the column
from 0002 already.
"""

from django.db import migrations

OPTIONS = "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'"
OLD_COLUMNS = "title, keywords, summary, body, title_key UNINDEXED"
NEW_COLUMNS = "title, keywords, summary, body, narrowing, title_key UNINDEXED"
# Where the tokens start in keywords, 0 when it has none.
START = "instr(keywords, ' ' || char(57346))"


def remake(schema_editor, columns, copy):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE search_fts_remade USING fts5({columns}, {OPTIONS})")
        cursor.execute(copy)
        cursor.execute("DROP TABLE search_fts")
        cursor.execute("ALTER TABLE search_fts_remade RENAME TO search_fts")
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def has_narrowing_column(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pragma_table_info('search_fts')")
        return "narrowing" in {name for (name,) in cursor.fetchall()}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite" or has_narrowing_column(schema_editor):
        return
    remake(
        schema_editor,
        NEW_COLUMNS,
        "INSERT INTO search_fts_remade "
        "(rowid, title, keywords, summary, body, narrowing, title_key) "
        f"SELECT rowid, title, CASE WHEN {START} THEN substr(keywords, 1, {START} - 1) "
        "ELSE keywords END, summary, body, "
        f"CASE WHEN {START} THEN substr(keywords, {START} + 1) ELSE '' END, title_key "
        "FROM search_fts",
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    remake(
        schema_editor,
        OLD_COLUMNS,
        "INSERT INTO search_fts_remade (rowid, title, keywords, summary, body, title_key) "
        "SELECT rowid, title, CASE WHEN narrowing = '' THEN keywords "
        "ELSE keywords || ' ' || narrowing END, summary, body, title_key FROM search_fts",
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0012_sqlite_kind_and_area_tokens")]

    operations = [migrations.RunPython(forward, backward)]
