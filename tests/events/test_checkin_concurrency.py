"""Two staff scan the same person's code at the same moment, for each of 12
people, over HTTP, against a server with several worker processes: each
person is checked in once, one phone says "Checked in now" and the other
"Already checked in".

The server and its database are real, as in test_concurrency.py: an SQLite
file, or a PostgreSQL database of its own when DATABASE_URL points there.
"""

import json
import threading
import urllib.request

import pytest

from tests.servers import database_rows, gunicorn, hub_environment, live_database, manage

pytestmark = pytest.mark.concurrency
PEOPLE = 12

SETUP = f"""
import json
from datetime import timedelta
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.utils import timezone
from content.events.checkin_codes import checkin_signed
from content.events.models import Registration, Session
starts = timezone.now() + timedelta(minutes=30)
session = Session.objects.create(
    title="Door day", slug="door-day", status="published",
    publish_at=timezone.now() - timedelta(hours=1),
    starts_at=starts, ends_at=starts + timedelta(hours=6), capacity={PEOPLE},
)
codes = [
    checkin_signed(Registration.objects.create(
        session=session, name=f"Person {{number}}", email=f"person{{number}}@example.com",
        company="Example Ltd", job_title="Engineer", consent=True, status="confirmed",
    ))
    for number in range({PEOPLE})
]
cookies = []
for name in ["door-one", "door-two"]:
    user = get_user_model().objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Event managers"))
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    cookies.append(store.session_key)
print(json.dumps({{"codes": codes, "cookies": cookies}}))
"""


@pytest.fixture
def server(tmp_path):
    with live_database(tmp_path, suffix="door") as database_url:
        environment = hub_environment(database_url)
        setup = json.loads(manage(environment, "shell", "--no-imports", "-c", SETUP))
        with gunicorn(environment, tmp_path / "gunicorn.log") as base:
            yield base, environment, setup


def _scan(url, cookie, barrier, answers, key):
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    barrier.wait()
    with urllib.request.urlopen(request, timeout=60) as response:
        answers[key] = (response.status, response.read().decode())


def test_two_staff_scanning_the_same_code_at_once_give_one_check_in(server):
    base, environment, setup = server
    answers = {}
    for number, code in enumerate(setup["codes"]):
        barrier = threading.Barrier(2, timeout=60)
        threads = [
            threading.Thread(
                target=_scan,
                args=(f"{base}/phish-and-chips/check-in/{code}/", cookie, barrier, answers, key),
            )
            for key, cookie in (
                (f"{number}-a", setup["cookies"][0]),
                (f"{number}-b", setup["cookies"][1]),
            )
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    for number in range(PEOPLE):
        pair = [answers[f"{number}-a"], answers[f"{number}-b"]]
        assert [status for status, _ in pair] == [200, 200]
        said = sorted("Checked in now" in text for _, text in pair)
        assert said == [False, True], f"person {number}: both or neither were told 'checked in now'"
        assert any("Already checked in" in text for _, text in pair)
    database_url = environment["DATABASE_URL"]
    statuses = database_rows(database_url, "SELECT status FROM events_registration")
    assert statuses == [("attended",)] * PEOPLE
    logged = database_rows(
        database_url,
        "SELECT COUNT(*) FROM django_admin_log WHERE change_message = 'Checked in at the door.'",
    )
    assert logged == [(PEOPLE,)]
