"""The hub's real processes, on a database of their own, next to a mail server that fails."""

import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from tests.scale.harness import Browser
from tests.servers import hub_environment
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
SESSION_URL = "/phish-and-chips/fault-day/"
SESSION = """
from datetime import timedelta
from django.utils import timezone
from content.events.models import Session
starts = timezone.now() + timedelta(days=7)
Session.objects.create(
    title="Fault day", slug="fault-day", status="published",
    publish_at=timezone.now() - timedelta(hours=1),
    starts_at=starts, ends_at=starts + timedelta(hours=6), capacity=100,
)
"""
# Short enough for a test: a hung server is given up after EMAIL_TIMEOUT, a
# failed mail tried again a second later, a dead worker's task taken back
# after TASK_LEASE_SECONDS.
TIMINGS = {
    "EMAIL_TIMEOUT": "1",
    "MAIL_RETRY_SECONDS": "1",
    "MAIL_ATTEMPTS": "10",
    "TASK_LEASE_SECONDS": "2",
}


def environment(database):
    return hub_environment(
        f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="tests.faults.mail_settings",
        # Mail goes to the test's SMTP server, as in production.
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        # Every booking of a burst comes from 127.0.0.1.
        EVENTS_REGISTRATIONS_PER_NETWORK="1000",
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        **TIMINGS,
    )


class Hub:
    """The web server and the task worker of one test, on their own database."""

    def __init__(self, *, database, smtp, log_dir):
        self.database = database
        self.log_dir = log_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = environment(database)
        self.env.update(
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            HOST="127.0.0.1",
            PORT=str(self.port),
            WEB_CONCURRENCY="1",
            GUNICORN_THREADS="4",
        )
        self.processes = []

    def _start(self, name, *command):
        log = (self.log_dir / f"{name}.log").open("a")
        process = subprocess.Popen(
            [sys.executable, *command], cwd=ROOT, env=self.env, stdout=log, stderr=log
        )
        self.processes.append(process)
        return process

    def start_server(self):
        """Start gunicorn as the Procfile's web process; return once it answers."""
        process = self._start("web", "-m", "gunicorn", "hub.wsgi")
        deadline = time.monotonic() + 30
        while Browser().get(self.url + "/healthz").status != 200:
            assert process.poll() is None, self.log("web")
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)

    def start_worker(self):
        """Start the Procfile's worker process, polling the queue often."""
        return self._start(
            "worker",
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
        )

    def log(self, name):
        return (self.log_dir / f"{name}.log").read_text()

    def query(self, sql, *params):
        """Return the rows of `sql`, read as another process would, beside the hub's writes."""
        address = f"file:{self.database}?mode=ro"
        with closing(sqlite3.connect(address, uri=True, timeout=10)) as database:
            return database.execute(sql, params).fetchall()

    def mails_waiting(self):
        """Return how many mail tasks are queued or running, next attempts included."""
        return self.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult"
            " WHERE status IN ('READY', 'RUNNING')"
        )[0][0]

    def attempts_failed(self):
        """Return how many attempts handed a mail on to a next one."""
        return self.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult"
            " WHERE json_extract(args_kwargs, '$.kwargs.attempt') > 1"
        )[0][0]

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until(condition, *, timeout, message):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)
