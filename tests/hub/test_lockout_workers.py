"""A sign-in lock holds in every worker of a real server, with no Redis.

gunicorn runs 4 worker processes, each on a socket of its own
(gunicorn.conf.py's reuse_port), so the kernel spreads the connections
between them; a count kept in each process's memory would not reach the
limit in any of them.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **{key: value for key, value in os.environ.items() if key != "REDIS_URL"},
        "DJANGO_SETTINGS_MODULE": "hub.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
        "SECRET_KEY": "lockout-test-secret-key-long-enough-for-the-settings-check",
        "SECURE_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Clients are told apart by the address the (pretend) proxy forwards.
        "RATELIMIT_TRUSTED_PROXIES": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "4",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, "manage.py", "shell", "--no-imports", "-c", SETUP]
    subprocess.run(manage, cwd=ROOT, env=environment, check=True, capture_output=True)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "hub.wsgi"], cwd=ROOT, env=environment, stderr=subprocess.DEVNULL
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
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


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
