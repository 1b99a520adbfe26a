"""60 people register at once for 10 seats, over HTTP, against a server with
several worker processes: exactly 10 get a seat, 50 wait, nobody twice.

The server is real (gunicorn, 4 processes of 2 threads) and so is its
database: an SQLite file, or, when DATABASE_URL points to PostgreSQL, a
database of its own next to the test run's (`<name>_live`).
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 60
SEATS = 10

SETUP = f"""
from datetime import timedelta
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.utils import timezone
from content.events.models import Session
starts = timezone.now() + timedelta(days=7)
Session.objects.create(
    title="Race day", slug="race-day", status="published",
    publish_at=timezone.now() - timedelta(hours=1),
    starts_at=starts, ends_at=starts + timedelta(hours=6), capacity={SEATS},
)
"""


def _free_port():
    for port in range(8550, 8600):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("no free port in 8550-8599")


@pytest.fixture
def live_database_url(tmp_path):
    """Yield the URL of an empty database for the server, and drop it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}"
        return
    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_live"
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
        yield url.rsplit("/", 1)[0] + "/" + name
        admin.execute(drop)


def _environment(database_url):
    return {
        **os.environ,
        # The test settings serve static files unhashed: no collectstatic needed.
        "DJANGO_SETTINGS_MODULE": "hub.test_settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "concurrency-test-secret-key-long-enough-for-the-settings-check",
        "DEBUG": "0",
        "SECURE_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "RATELIMIT_ENABLE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def _manage(environment, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def server(live_database_url):
    environment = _environment(live_database_url)
    _manage(environment, "shell", "--no-imports", "-c", SETUP)
    port = _free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [gunicorn, "hub.wsgi", "-w", "4", "--threads", "2", "--preload", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield base, environment
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown: no need to drain
        process.wait(timeout=20)


def _csrf(base, url):
    """Fetch the form once: its CSRF cookie and token are valid for every post."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    page = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return token, next(cookie.value for cookie in cookies if cookie.name == "csrftoken")


def _register(url, csrf, number, barrier, outcomes):
    """Wait for everyone, then post the form."""
    token, cookie = csrf
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"Person {number}",
            "email": f"Person{number}@Example.com",
            "company": "Example Ltd",
            "job_title": "Engineer",
            "consent": "on",
            "website": "",
        }
    ).encode()
    headers = {"Referer": url, "Cookie": f"csrftoken={cookie}"}
    request = urllib.request.Request(url, data=form, headers=headers)
    barrier.wait()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            outcomes[number] = (response.status, response.url)
    except urllib.error.HTTPError as error:
        outcomes[number] = (error.code, url)


def _registrations(database_url):
    """Return (email, status) of every registration in the server's database."""
    query = "SELECT email, status FROM events_registration"
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return connection.execute(query).fetchall()
    with psycopg.connect(database_url) as connection:
        return connection.execute(query).fetchall()


def test_sixty_at_once_for_ten_seats_never_overbook(server):
    base, environment = server
    url = f"{base}/phish-and-chips/race-day/"
    csrf = _csrf(base, url)
    barrier = threading.Barrier(PEOPLE, timeout=60)
    outcomes = {}
    threads = [
        threading.Thread(target=_register, args=(url, csrf, number, barrier, outcomes))
        for number in range(PEOPLE)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # Each one was redirected to their own manage page: no error, no form again.
    assert len(outcomes) == PEOPLE
    assert all(status == 200 and "/manage/" in url for status, url in outcomes.values())
    rows = _registrations(environment["DATABASE_URL"])
    statuses = [status for _, status in rows]
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == PEOPLE - SEATS
    assert len(rows) == PEOPLE
    assert len({email.lower() for email, _ in rows}) == PEOPLE
