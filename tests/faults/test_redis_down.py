"""Redis stopped, then hung: every public page, the admin's sign-in and a
visitor's request for a sign-in code still answer within a second, /healthz
at once, and /readyz says the cache is degraded; once Redis is back, pages
are cached again.

The hub runs under gunicorn (4 workers) with REDIS_URL pointing at a
redis-server of the test's own, the page cache on, as in production.
"""

import json
import time

import pytest

from tests.faults.conftest import STAFF
from tests.scale.harness import Browser

pytestmark = pytest.mark.faults

WITHIN = 1.0


def _timed(action, *args, **kwargs):
    started = time.monotonic()
    answer = action(*args, **kwargs)
    return answer, time.monotonic() - started


def _everything_answers(base, pages):
    """Visit every public page, sign in to the admin, ask /healthz and /readyz."""
    for page in pages:
        answer, seconds = _timed(Browser().get, base + page)
        assert (page, answer.status) == (page, 200)
        assert seconds < WITHIN, f"{page} took {seconds:.2f} s"

    staff = Browser()
    form, seconds = _timed(staff.get, base + "/admin/login/")
    assert form.status == 200
    assert seconds < WITHIN, f"the sign-in form took {seconds:.2f} s"
    address, fields = staff.fill_in(base + "/admin/login/", form_with="username", changes=STAFF)
    signed_in, seconds = _timed(staff.post, address, fields)
    assert signed_in.status == 200
    assert "Log out" in signed_in.text
    assert seconds < WITHIN, f"signing in took {seconds:.2f} s"

    # A visitor asks for a sign-in code: the limits on it are counted in the database.
    visitor = Browser()
    address, fields = visitor.fill_in(
        base + "/account/sign-in/", form_with="email", changes={"email": "ann@partner.example"}
    )
    asked, seconds = _timed(visitor.post, address, fields)
    assert asked.status == 200
    assert 'name="code"' in asked.text, "no page to type the emailed code into"
    assert seconds < WITHIN, f"asking for a sign-in code took {seconds:.2f} s"

    alive, seconds = _timed(Browser().get, base + "/healthz")
    assert alive.status == 200
    assert seconds < 0.25, f"/healthz took {seconds:.2f} s"
    ready, seconds = _timed(Browser().get, base + "/readyz")
    assert ready.status == 200
    assert json.loads(ready.text)["checks"] == {
        "database": "ok",
        "cache": "degraded",
        "migrations": "ok",
    }
    assert seconds < WITHIN, f"/readyz took {seconds:.2f} s"


def test_pages_and_sign_in_hold_with_redis_stopped_then_hung(
    redis_server, hub_server, hub_database
):
    """Redis stopped, then hung: every public page and both sign-ins answer 200 in 1 s."""
    _, pages = hub_database
    redis = redis_server()
    base = hub_server(REDIS_URL=redis.url)
    for page in pages:
        assert Browser().get(base + page).status == 200
    assert redis.client().keys("*pagecache:page:*"), "with Redis well, pages are cached there"

    redis.stop()
    _everything_answers(base, pages)

    redis.start()
    redis.hang()
    _everything_answers(base, pages)

    # Back again, it is used again within moments (each worker tries every 5 s).
    redis.resume()
    deadline = time.monotonic() + 15
    while not redis.client().keys("*pagecache:page:*"):
        assert time.monotonic() < deadline, "the page cache did not come back"
        assert Browser().get(base + "/").status == 200
        time.sleep(0.2)
