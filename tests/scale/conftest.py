"""Fixtures of the scale test: two app servers on one PostgreSQL and one Redis.

Run with `make test-scale`. SCALE_DATABASE_URL, SCALE_REDIS_URL and
SCALE_PORTS choose the database (it is dropped and made anew), the Redis
database (it is emptied) and the servers' ports: the two that share
everything, then one for a server whose database is down.
"""

import os

import pytest

from tests.scale.harness import Browser, ScaleEnvironment

# The rate limit the servers count together: the contact form's.
SHARED_LIMIT = 3


@pytest.fixture(scope="session")
def environment(tmp_path_factory):
    environment = ScaleEnvironment(
        database_url=os.environ.get(
            "SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hub_scale"
        ),
        redis_url=os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/15"),
        log_dir=tmp_path_factory.mktemp("scale"),
        RATELIMIT_CONTACT=f"{SHARED_LIMIT}/h",
        # Every registration of the booking test comes from 127.0.0.1.
        RATELIMIT_REGISTRATION="1000/h",
        EVENTS_REGISTRATIONS_PER_NETWORK="1000",
    )
    environment.prepare()
    yield environment
    environment.stop()


@pytest.fixture(scope="session")
def ports():
    return [int(port) for port in os.environ.get("SCALE_PORTS", "8901,8902,8903").split(",")]


@pytest.fixture(scope="session")
def servers(environment, ports):
    return [environment.start_server(port) for port in ports[:2]]


@pytest.fixture
def browser():
    return Browser()
