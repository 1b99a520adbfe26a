"""Helpers several test modules share."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_counting_queries(client, path, data=None, **headers):
    """GET `path`; return the response and how many database queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data, headers=headers)
    return response, len(queries)


def page_query_count(client, path):
    """Return how many queries the page at `path` runs; it must answer 200."""
    response, count = get_counting_queries(client, path)
    assert response.status_code == 200, path
    return count
