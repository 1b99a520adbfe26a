"""60 people register at once for 10 seats, half through each app server.

Each server has its own worker processes and its own database connections;
only the lock on the session's row in the shared PostgreSQL database keeps
them from both giving away the last seat.
"""

import threading

import psycopg
import pytest

from tests.scale.harness import Browser

pytestmark = pytest.mark.scale

PEOPLE = 60
SEATS = 10

SESSION = f"""
from datetime import timedelta
from django.utils import timezone
from content.events.models import Session
starts = timezone.now() + timedelta(days=7)
Session.objects.create(
    title="Race day across servers", slug="race-day-across-servers", status="published",
    publish_at=timezone.now() - timedelta(hours=1),
    starts_at=starts, ends_at=starts + timedelta(hours=6), capacity={SEATS},
)
"""


def register(url, number, barrier, outcomes):
    """Fetch the form from the server `url` names, wait for everyone, then post it."""
    browser = Browser()
    action, fields = browser.fill_in(
        url,
        form_with="email",
        changes={
            "name": f"Person {number}",
            "email": f"Person{number}@Example.com",
            "company": "Example Ltd",
            "job_title": "Engineer",
            "consent": "on",
        },
    )
    barrier.wait()
    outcomes[number] = browser.post(action, fields)


def registrations(database_url, slug):
    """Return (email, status) of every registration for the session `slug`."""
    with psycopg.connect(database_url) as connection:
        return connection.execute(
            "SELECT registration.email, registration.status"
            " FROM events_registration registration"
            " JOIN core_content content ON content.id = registration.session_id"
            " WHERE content.slug = %s",
            [slug],
        ).fetchall()


def test_sixty_at_once_across_both_servers_never_overbook(servers, environment):
    environment.manage("shell", "--no-imports", "-c", SESSION)
    path = "/phish-and-chips/race-day-across-servers/"
    barrier = threading.Barrier(PEOPLE, timeout=120)
    outcomes = {}
    threads = [
        threading.Thread(
            target=register, args=(servers[number % 2].url + path, number, barrier, outcomes)
        )
        for number in range(PEOPLE)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    # Everyone was taken to their own manage page, by the server they posted to.
    assert len(outcomes) == PEOPLE
    for number, outcome in outcomes.items():
        assert outcome.status == 200, (number, outcome.status, outcome.text[:500])
        assert outcome.url.startswith(servers[number % 2].url + "/phish-and-chips/manage/")
    rows = registrations(environment.database_url, "race-day-across-servers")
    statuses = [status for _, status in rows]
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == PEOPLE - SEATS
    assert len(rows) == PEOPLE
    assert len({email.lower() for email, _ in rows}) == PEOPLE
