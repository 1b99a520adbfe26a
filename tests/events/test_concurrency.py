"""60 people register at once for 10 seats, over HTTP, against a server with
several worker processes: exactly 10 get a seat, 50 wait, nobody twice.

The server is real (gunicorn, 4 processes of 2 threads) and so is its
database: an SQLite file, or, when DATABASE_URL points to PostgreSQL, a
database of its own next to the test run's (`<name>_live`).
"""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import database_rows, gunicorn, hub_environment, live_database, manage

pytestmark = pytest.mark.concurrency

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


@pytest.fixture
def server(tmp_path):
    with live_database(tmp_path) as database_url:
        environment = hub_environment(database_url)
        manage(environment, "shell", "--no-imports", "-c", SETUP)
        with gunicorn(environment, tmp_path / "gunicorn.log") as base:
            yield base, environment


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
    rows = database_rows(
        environment["DATABASE_URL"], "SELECT email, status FROM events_registration"
    )
    statuses = [status for _, status in rows]
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == PEOPLE - SEATS
    assert len(rows) == PEOPLE
    assert len({email.lower() for email, _ in rows}) == PEOPLE
