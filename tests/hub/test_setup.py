"""`make setup` prepares whichever database DATABASE_URL names."""

import os

import pytest
from django.db import connection
from psycopg import connect

from tests.servers import manage


@pytest.mark.django_db
def test_create_database_makes_a_missing_postgresql_database():
    if connection.vendor != "postgresql":
        pytest.skip("checks PostgreSQL; CI runs the suite on PostgreSQL too")
    params = connection.get_connection_params()
    params.pop("dbname")
    name = "hub_setup_check"
    url = f"postgres://{params['user']}@{params['host']}:{params['port']}/{name}"
    with connect(**params, dbname="postgres", autocommit=True) as maintenance:
        maintenance.execute(f"DROP DATABASE IF EXISTS {name}")
        try:
            for _ in range(2):  # a second run finds it and does nothing
                manage({**os.environ, "DATABASE_URL": url}, "create_database")
            found = maintenance.execute(
                "SELECT count(*) FROM pg_database WHERE datname = %s", [name]
            ).fetchone()[0]
        finally:
            maintenance.execute(f"DROP DATABASE IF EXISTS {name}")
    assert found == 1
