"""Real servers for tests that need more than the test client: the hub under
gunicorn with several worker processes, its own database, and a redis-server.

Every process started here is stopped on the way out, whatever the test did,
and every wait is bounded.
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    """Return a port nobody listens on now (the kernel's choice, so parallel runs differ)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_database(directory, suffix="live"):
    """Yield the URL of an empty database for a server, and drop it afterwards.

    An SQLite file in `directory`, or, when DATABASE_URL points to PostgreSQL,
    a database of its own next to the test run's (`<name>_<suffix>`).
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{Path(directory) / f'{suffix}.sqlite3'}"
        return
    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_{suffix}"
    admin = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield url.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(drop)


def database_rows(database_url, query):
    """Return the rows `query` finds in a live_database() (SQLite or PostgreSQL)."""
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return connection.execute(query).fetchall()
    with psycopg.connect(database_url) as connection:
        return connection.execute(query).fetchall()


def hub_environment(database_url, **overrides):
    """Return the environment of a hub server on `database_url`: no Redis unless given."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "PAGE_CACHE", "TASK_BACKEND", "MEDIA_STORAGE"}
    }
    environment.update(
        # The test settings serve static files unhashed: no collectstatic needed.
        DJANGO_SETTINGS_MODULE="hub.test_settings",
        DATABASE_URL=database_url,
        SECRET_KEY="live-server-test-secret-key-long-enough-for-the-settings-check",
        DEBUG="0",
        SECURE_HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1",
        RATELIMIT_ENABLE="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    environment.update(overrides)
    return environment


def quiet_server(directory, **overrides):
    """Return the environment of a hub server for pages that answer without a
    database: it names an SQLite file in `directory` that nobody creates."""
    database = f"sqlite:///{Path(directory) / 'unused.sqlite3'}"
    return hub_environment(database, LOG_FORMAT="json", **overrides)


def python(environment, *args, check=True):
    """Run `python *args` in the project folder in `environment`; return the
    finished process, its output captured as text."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        check=check,
        capture_output=True,
        text=True,
        timeout=300,
    )


def manage(environment, *args):
    """Run a management command in `environment`; return its output."""
    return python(environment, "manage.py", *args).stdout


@contextmanager
def gunicorn(environment, log_path, *, workers=4, threads=2, app="hub.wsgi", ready="/healthz"):
    """Serve `app` (the hub unless told) with gunicorn (the hub's settings file,
    `workers` processes) on a free port; yield its base URL once `ready` answers.
    Its output goes to `log_path`."""
    port = free_port()
    command = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    arguments = ["-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [command, app, "--preload", *arguments],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + ready, timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the server did not start:\n" + Path(log_path).read_text()
                    ) from None
                time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown: no need to drain
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class RedisServer:
    """A redis-server of the test's own, on a free port, keeping nothing on disk."""

    def __init__(self, directory, *options):
        self.directory = Path(directory)
        self.options = options
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        """Start the server (again, on the same port) and wait until it answers."""
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is not on PATH (Debian: apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
                *self.options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = self.client()
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return self
            except redis.exceptions.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def client(self):
        return redis.Redis.from_url(self.url, socket_timeout=5, socket_connect_timeout=1)

    def hang(self):
        """Stop the process where it stands (SIGSTOP): connections open, nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
