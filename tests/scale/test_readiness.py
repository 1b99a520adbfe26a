"""A server whose database is down stays alive but tells the load balancer it is not ready."""

import json
import socket

import pytest

from tests.scale.harness import Browser

pytestmark = pytest.mark.scale


@pytest.fixture
def server_without_database(environment, ports):
    """Start an app server whose DATABASE_URL names a PostgreSQL port nobody listens on."""
    with socket.socket() as reserved:
        # Bound but never listening: while it is held, every connection to
        # this port is refused, and no other process can start listening on it.
        reserved.bind(("127.0.0.1", 0))
        database_port = reserved.getsockname()[1]
        yield environment.start_server(
            ports[2],
            wait_for="/healthz",
            WEB_CONCURRENCY="1",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{database_port}/hub",
        )


def test_a_server_without_its_database_is_alive_but_not_ready(server_without_database):
    browser = Browser()
    assert browser.get(server_without_database.url + "/healthz").status == 200

    answer = browser.get(server_without_database.url + "/readyz")
    assert answer.status == 503
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["Cache-Control"] == "no-store"
    body = json.loads(answer.text)
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unreachable"
    assert body["checks"]["cache"] == "ok"
    [warning] = [
        line
        for line in server_without_database.log_lines()
        if line.get("message") == "readiness check failed" and line.get("check") == "database"
    ]
    assert "refused" in warning["error"]
