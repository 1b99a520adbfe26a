"""Revisions and drafts add nothing to a public page: no query, no table read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_area, make_asset, make_question, make_session
from tests.helpers import submit_form
from tests.history.conftest import admin_url
from tests.hub.test_pages import discover_pages

pytestmark = pytest.mark.django_db

HISTORY_TABLES = ("reversion_", "history_")


def queries_of(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return [query["sql"] for query in context.captured_queries]


def test_public_pages_run_the_same_queries_with_revisions_and_drafts(client, editor_client):
    area = make_area(name="Insider Risk", slug="insider-risk", tagline="Threats from within.")
    items = [
        make_asset(area=area, tags=["x"]),
        make_question(area=area, tags=["x"]),
        make_session(area=area, tags=["x"]),
    ]
    values = [area.slug, *(item.slug for item in items), "x", area.pk]
    pages, _ = discover_pages(client, values)
    assert len(pages) > 15
    before = {url: len(queries_of(client, url)) for url in pages}

    for item in items[:2]:
        for number in range(3):
            submit_form(
                editor_client,
                admin_url(item, "change"),
                form_with="title",
                changes={"summary": f"Edited {number}"},
            )
        submit_form(
            editor_client,
            admin_url(item, "change"),
            form_with="title",
            changes={"summary": "A draft", "_save_draft": "1"},
        )

    for url in pages:
        sql = queries_of(client, url)
        assert len(sql) == before[url], url
        assert not [query for query in sql if any(table in query for table in HISTORY_TABLES)]
