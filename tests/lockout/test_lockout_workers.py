"""A sign-in lock holds in every worker of a real server, with no Redis.

gunicorn runs 4 worker processes, each on a socket of its own
(gunicorn.conf.py's reuse_port), so the kernel spreads the connections
between them; a count kept in each process's memory would not reach the
limit in any of them.
"""

import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import gunicorn, hub_environment, live_database, manage

pytestmark = pytest.mark.concurrency

SETUP = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("boss", "boss@example.com", "right-password")
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def server(tmp_path):
    with live_database(tmp_path, suffix="lockout") as url:
        environment = hub_environment(
            url,
            # Clients are told apart by the address the (pretend) proxy forwards.
            RATELIMIT_TRUSTED_PROXIES="1",
            RATELIMIT_ENABLE="1",
        )
        manage(environment, "shell", "--no-imports", "-c", SETUP)
        with gunicorn(environment, tmp_path / "server.log", workers=4) as base:
            yield base


def _sign_in(base, password, client_ip):
    """Post the admin's sign-in form from `client_ip`; return the HTTP status."""
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(base + "/admin/login/", timeout=30) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
        cookie = page.headers["Set-Cookie"].split(";")[0]
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": "boss", "password": password}
    )
    request = urllib.request.Request(
        base + "/admin/login/",
        data=form.encode(),
        headers={"Cookie": cookie, "X-Forwarded-For": client_ip},
    )
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_limit_holds_across_workers(server):
    assert [_sign_in(server, "guess", "198.51.100.66") for _ in range(4)] == [200] * 4
    assert _sign_in(server, "guess", "198.51.100.66") == 429
    assert _sign_in(server, "right-password", "198.51.100.66") == 429
    # The person signing in from anywhere else is not locked out.
    assert _sign_in(server, "right-password", "203.0.113.20") == 302
