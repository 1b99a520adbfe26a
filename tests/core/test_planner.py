"""SQLite keeps its planner statistics across migrations that rebuild a table."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import make_asset

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum analyzes")
def test_after_migrating_an_item_is_found_by_its_slug_index():
    for number in range(300):
        make_asset(title=f"Routing checklist {number}")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM core_content WHERE status = 'published'"
            " AND publish_at <= '2100-01-01' AND (audience = 'everyone' OR audience_teaser)"
            " AND slug = 'routing-checklist-7'"
        )
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "slug" in plan, plan
