"""Several gunicorn app servers sharing one PostgreSQL database and one Redis.

`ScaleEnvironment` makes a fresh database (migrated, demo content, a staff
login), empties the Redis database and starts the app servers as the Procfile
runs them. `Browser` talks to them as a person behind a load balancer would:
one cookie jar for every server, forms filled in from the page they are on.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import redis

from tests.helpers import FormParser

ROOT = Path(__file__).resolve().parents[2]
STAFF = {"username": "scale-admin", "password": "scale-admin-password-1"}


@dataclass
class Response:
    status: int
    text: str
    headers: dict
    url: str = ""


@dataclass
class AppServer:
    url: str
    log: Path
    process: subprocess.Popen

    def log_lines(self):
        """Return the JSON lines the server has logged so far."""
        lines = self.log.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]


class ScaleEnvironment:
    """A database, a Redis database and the environment every process shares."""

    def __init__(self, *, database_url, redis_url, log_dir, **extra_env):
        self.database_url = database_url
        self.redis_url = redis_url
        self.log_dir = log_dir
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "MEDIA_STORAGE"}
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="tests.scale.settings",
            SECRET_KEY="scale-test-secret-key-" + "s" * 40,
            SECURE_HTTPS="0",
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            HOST="127.0.0.1",
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="4",
            LOG_FORMAT="json",
            SCALE_STATIC_ROOT=str(log_dir / "static"),
            # The staff login these tests share is a superuser, who would be
            # asked for a second factor first (tests/accounts cover that).
            ADMIN_SECOND_FACTOR="0",
            **extra_env,
        )
        self.servers = []

    def prepare(self):
        """Recreate the database with demo content and a staff login; empty Redis.

        Migrating and collecting static files is what a release does.
        """
        url = urllib.parse.urlsplit(self.database_url)
        name = url.path.lstrip("/")
        maintenance = urllib.parse.urlunsplit(url._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        redis.Redis.from_url(self.redis_url).flushdb()
        self.manage("migrate", "--no-input", "-v0")
        self.manage("collectstatic", "--no-input", "-v0")
        self.manage("load_demo_content")
        self.manage(
            "createsuperuser",
            "--no-input",
            "--email=scale-admin@example.com",
            DJANGO_SUPERUSER_USERNAME=STAFF["username"],
            DJANGO_SUPERUSER_PASSWORD=STAFF["password"],
        )

    def manage(self, *args, **env):
        """Run a management command against the shared database; return its output."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def start_server(self, port, *, wait_for="/readyz", **env):
        """Start `gunicorn hub.wsgi` (the Procfile's web process) on `port`.

        Return once `wait_for` answers 200; `env` overrides the shared environment.
        """
        log = self.log_dir / f"server-{port}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "hub.wsgi"],
            cwd=ROOT,
            env={**self.env, **env, "PORT": str(port)},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        server = AppServer(url=f"http://127.0.0.1:{port}", log=log, process=process)
        self.servers.append(server)
        deadline = time.monotonic() + 60
        while Browser().get(server.url + wait_for).status != 200:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.2)
        return server

    def stop(self):
        for server in self.servers:
            server.process.send_signal(signal.SIGTERM)
        for server in self.servers:
            server.process.wait(timeout=30)


class Browser:
    """An HTTP client with cookies, shared by every server as behind a load balancer."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Response(
                    answer.status, answer.read().decode(), dict(answer.headers), answer.url
                )
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode(), dict(error.headers), error.url)
        except urllib.error.URLError:
            return Response(0, "", {})

    def get(self, url, **headers):
        return self.request(url, headers=headers)

    def post(self, url, data):
        return self.request(url, data=data)

    def fill_in(self, url, *, form_with, changes, button=None):
        """Fill in the form on `url` that has a field `form_with`, as a person would.

        Fields keep the values the page gave them unless `changes` says
        otherwise; `button` names the submit button pressed, if it matters.
        Return the address the form posts to and the fields it sends.
        """
        page = self.get(url)
        assert page.status == 200, page.text
        parser = FormParser()
        parser.feed(page.text)
        form = next(form for form in parser.forms if form_with in dict(form["fields"]))
        fields = [(name, value) for name, value in form["fields"] if name not in changes]
        fields += list(changes.items())
        if button:
            fields.append((button, "1"))
        return urllib.parse.urljoin(url, form["action"] or url), fields

    def submit(self, url, *, form_with, changes, button=None):
        """Fill in the form on `url` that has a field `form_with` and send it."""
        return self.post(*self.fill_in(url, form_with=form_with, changes=changes, button=button))
