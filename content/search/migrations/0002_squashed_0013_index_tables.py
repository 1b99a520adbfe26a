"""Create the search index tables of the database's engine: FTS5 on SQLite, a
weighted tsvector with GIN and pg_trgm on PostgreSQL; let content editors manage
synonyms and pinned results; give a new hub its starter synonyms.

This replaces 0002 to 0013, which imported the engines' live constants and so
would break the day one of them changed. The SQL here is frozen as the tables
stand after 0013 (content.search.backends explains each choice). The index is
derived data: a change to it adds a migration with its own frozen SQL, and
`manage.py rebuild_search_index` fills it again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FTS5_OPTIONS = "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'"
SCHEMA = {
    "sqlite": [
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        f"title, keywords, summary, body, narrowing, title_key UNINDEXED, {FTS5_OPTIONS})",
        # Titles again, on their own: a word in half the bodies but few titles
        # has a short list here, where a column filter on search_fts walks the long one.
        f"CREATE VIRTUAL TABLE search_title_fts USING fts5(title, title_key UNINDEXED, {FTS5_OPTIONS})",
        # The normalised titles, indexed, for the exact title match: FTS5
        # cannot look up an UNINDEXED column.
        "CREATE TABLE search_title_key (content_id INTEGER PRIMARY KEY, title_key TEXT NOT NULL)",
        "CREATE INDEX search_title_key_title_key ON search_title_key (title_key)",
        "CREATE TABLE search_term (term TEXT PRIMARY KEY) WITHOUT ROWID",
        "CREATE TABLE search_term_variant ("
        "variant TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (variant, term)) WITHOUT ROWID",
    ],
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        """
CREATE OR REPLACE FUNCTION search_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT first.lexeme || '_' || second.lexeme)), '')
  FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS first
  JOIN (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS second
  ON second.position = first.position + 1
$$""",
        """
CREATE OR REPLACE FUNCTION search_phrase_pairs(config regconfig, words text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg(quote_literal(pair), ' & ')::tsquery
  FROM unnest(tsvector_to_array(search_pairs(to_tsvector(config, words)))) AS pair
$$""",
        # Rows up to 8 KB stay in the table, uncompressed: a vector moved to
        # TOAST would be fetched from there by every check of a row.
        "CREATE TABLE search_document ("
        "content_id bigint PRIMARY KEY, title_key text NOT NULL, vector tsvector NOT NULL) "
        "WITH (toast_tuple_target = 8160)",
        "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
        "CREATE INDEX search_document_title_key ON search_document (title_key)",
        "CREATE INDEX search_document_pairs ON search_document USING gin (search_pairs(vector))",
        # The body text on its own: walking search_document reads none of it.
        "CREATE TABLE search_body (content_id bigint PRIMARY KEY, body text NOT NULL)",
        # Byte order, so that the words starting with a prefix are one range;
        # numbers are never typos, and would crowd words out of the trigram index.
        'CREATE TABLE search_term (term text COLLATE "C" PRIMARY KEY)',
        "CREATE INDEX search_term_trigram ON search_term USING gin (term gin_trgm_ops) "
        "WHERE term !~ '[0-9]'",
        # No pending list, which every look-up would read in full until a VACUUM.
        "ALTER INDEX search_document_vector SET (fastupdate = off)",
        "ALTER INDEX search_document_pairs SET (fastupdate = off)",
        "ALTER INDEX search_term_trigram SET (fastupdate = off)",
    ],
}
DROP = {
    "sqlite": [
        f"DROP TABLE IF EXISTS {table}"
        for table in [
            "search_title_key",
            "search_term_variant",
            "search_term",
            "search_title_fts",
            "search_fts",
        ]
    ],
    "postgresql": [
        "DROP TABLE IF EXISTS search_document",
        "DROP TABLE IF EXISTS search_body",
        "DROP TABLE IF EXISTS search_term",
        "DROP FUNCTION IF EXISTS search_phrase_pairs(regconfig, text)",
        "DROP FUNCTION IF EXISTS search_pairs(tsvector)",
    ],
}
PERMISSIONS = {
    "search": {
        "synonym": ["add", "change", "delete", "view"],
        "promotedresult": ["add", "change", "delete", "view"],
        "searchgap": ["view", "delete"],
    }
}
SYNONYMS = {
    "AD": "Active Directory",
    "AAD": "Azure Active Directory, Azure AD, Entra ID",
    "TTP": "Targeted Threat Protection",
    "DLP": "data leak prevention, data loss prevention",
    "sync": "synchronisation, synchronization, synchronise, synchronize",
    "SEG": "secure email gateway",
    "MFA": "multi-factor authentication, two-factor authentication, 2FA",
    "SSO": "single sign-on, SAML",
    "HRM": "Human Risk Management",
}


def running(statements):
    def operation(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            for statement in statements.get(schema_editor.connection.vendor, []):
                cursor.execute(statement)

    return operation


def grant(apps, schema_editor):
    """Give content editors PERMISSIONS (as content.core.permissions.group_grant
    did when this was written, frozen here).

    Django creates permissions after all migrations have run, so on a fresh
    database there are none yet: they are created here first.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Content editors")
    for app_label, models in PERMISSIONS.items():
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, equivalents in SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"equivalents": equivalents})


def remove_synonyms(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(term__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    replaces = [
        ("search", "0002_index_tables"),
        ("search", "0003_editor_permissions"),
        ("search", "0004_starter_synonyms"),
        ("search", "0005_title_matches_word_pairs_and_typos"),
        ("search", "0006_sqlite_title_key"),
        ("search", "0007_postgresql_word_pairs_index"),
        ("search", "0008_postgresql_gin_without_pending_list"),
        ("search", "0009_postgresql_tag_lexemes"),
        ("search", "0010_postgresql_kind_and_area_lexemes"),
        ("search", "0011_sqlite_tag_tokens"),
        ("search", "0012_sqlite_kind_and_area_tokens"),
        ("search", "0013_sqlite_narrowing_column"),
    ]

    dependencies = [("search", "0001_searchgaps_promotions_synonyms"), ("core", "0007_staff_groups")]

    operations = [
        migrations.RunPython(running(SCHEMA), running(DROP)),
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(add_synonyms, remove_synonyms),
    ]
