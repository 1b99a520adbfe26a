"""Fixtures of the fault tests: a real service stopped, hung or full while the hub serves.

`redis_server` starts a redis-server of the test's own; `hub_database` is a
database with the demo content and a staff login, made once for the run;
`hub_server` serves it with gunicorn (4 workers of 2 threads). For the mail
tests, `hub` is a SQLite database of the test's own (a copy of one migrated
once, holding one open session), a gunicorn server and `manage.py db_worker`
as the Procfile runs them, beside `smtp`, the SMTP server of tests/smtp.py,
which starts down. Every process is stopped when the test ends, even a hung
Redis.
"""

import itertools
import json
import sqlite3
from contextlib import ExitStack, closing

import pytest

from tests.faults.harness import SESSION, Hub, environment
from tests.servers import RedisServer, gunicorn, hub_environment, live_database, manage
from tests.smtp import SmtpServer

STAFF = {"username": "fault-admin", "password": "fault-admin-password-1"}
SETUP = f"""
import itertools
import json
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo_content", verbosity=0)
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("{STAFF["username"]}", "", "{STAFF["password"]}")
from tests.browser.pages import public_pages
print(json.dumps(public_pages()))
"""


@pytest.fixture
def redis_server(tmp_path):
    """Return a function starting a redis-server with extra options, e.g.
    ("--maxmemory", "2mb"); each is stopped (resumed first if hung) at the end."""
    servers = []

    def start(*options):
        server = RedisServer(tmp_path, *options)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def hub_database(tmp_path_factory):
    """Yield (database URL, the public pages' paths) of a database with the demo content."""
    with live_database(tmp_path_factory.mktemp("faults"), suffix="faults") as url:
        environment = hub_environment(url, DJANGO_SETTINGS_MODULE="tests.faults.settings")
        output = manage(environment, "shell", "--no-imports", "-c", SETUP)
        pages = json.loads(output.splitlines()[-1])
        yield url, pages


@pytest.fixture
def hub_server(hub_database, tmp_path):
    """Return a function serving the demo database with gunicorn in an environment of
    its own (`env` overrides, e.g. REDIS_URL); every server stops at the end."""
    numbers = itertools.count()
    with ExitStack() as servers:

        def start(**env):
            environment = hub_environment(
                hub_database[0], DJANGO_SETTINGS_MODULE="tests.faults.settings", **env
            )
            log = tmp_path / f"gunicorn-{next(numbers)}.log"
            return servers.enter_context(gunicorn(environment, log))

        yield start


@pytest.fixture(autouse=True)
def what_holds(request):
    """Carry the test's first docstring line (what must hold) into its report."""
    doc = (request.function.__doc__ or request.node.name).strip().splitlines()[0]
    request.node.user_properties.append(("holds", doc))


def pytest_terminal_summary(terminalreporter):
    """One line per fault test: what held, and what broke."""
    lines = []
    for outcome, word in (("passed", "HELD"), ("failed", "BROKE"), ("error", "BROKE")):
        for report in terminalreporter.stats.get(outcome, []):
            if report.nodeid.startswith("tests/faults/"):
                holds = dict(report.user_properties).get("holds", "")
                lines.append(f"{word:5}  {holds}  ({report.nodeid})")
    if lines:
        terminalreporter.section("faults: what held")
        for line in lines:
            terminalreporter.write_line(line)


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
