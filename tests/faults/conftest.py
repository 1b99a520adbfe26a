"""Fixtures of the fault tests: the hub's real processes next to a mail server that fails.

Each test gets its own SQLite database (a copy of one migrated once, holding
one open session), a gunicorn server and `manage.py db_worker` as the Procfile
runs them, and the SMTP server of tests/smtp.py, which starts down. Every
process is stopped when the test ends, whatever happened.
"""

import sqlite3
from contextlib import closing

import pytest

from tests.faults.harness import SESSION, Hub, environment, manage
from tests.smtp import SmtpServer


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    database = tmp_path_factory.mktemp("faults") / "migrated.sqlite3"
    env = environment(database)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "shell", "--no-imports", "-c", SESSION)
    return database


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.refuse()


@pytest.fixture
def hub(migrated_database, smtp, tmp_path):
    database = tmp_path / "hub.sqlite3"
    with (
        closing(sqlite3.connect(migrated_database)) as source,
        closing(sqlite3.connect(database)) as copy,
    ):
        source.backup(copy)
    hub = Hub(database=database, smtp=smtp, log_dir=tmp_path)
    try:
        yield hub
    finally:
        hub.stop()
