"""A request body over REQUEST_MAX_BYTES is refused before anything reads it."""

import socket
import time
from urllib.parse import urlsplit

import pytest

from content.enquiries.models import Enquiry
from tests import servers
from tests.helpers import CONTACT_FORM

pytestmark = pytest.mark.django_db

HUGE = 300 * 1024 * 1024


@pytest.mark.parametrize("path", ["/contact/", "/admin/login/", "/search/", "/no-such-page/"])
def test_a_body_over_the_limit_gets_the_413_page_on_every_path(client, path):
    response = client.post(
        path, b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(HUGE)
    )
    assert response.status_code == 413
    assert "That was too large to send" in response.text
    assert "larger than 51.0\xa0MB" in response.text


def test_a_body_within_the_limit_is_read_as_usual(client, settings):
    settings.REQUEST_MAX_BYTES = 2000
    assert client.post("/contact/", CONTACT_FORM).status_code == 302
    assert Enquiry.objects.count() == 1


def test_the_limit_is_a_setting(client, settings):
    settings.REQUEST_MAX_BYTES = 100
    response = client.post("/contact/", CONTACT_FORM)
    assert response.status_code == 413
    assert "larger than 100\xa0bytes" in response.text
    assert not Enquiry.objects.exists()


def test_a_body_without_a_length_gets_a_411(client):
    response = client.post(
        "/contact/",
        b"5\r\nhello\r\n0\r\n\r\n",
        content_type="text/plain",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411
    assert "did not say how large it was" in response.text


def test_the_default_leaves_room_for_the_largest_upload(settings):
    assert settings.REQUEST_MAX_BYTES > settings.LIBRARY_UPLOAD_MAX_BYTES


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn")
    with servers.gunicorn(servers.quiet_server(folder), folder / "server.log", workers=1) as url:
        yield url


def _send_headers_only(url, headers):
    """Send a POST's headers and no body; return the status line and the seconds it took."""
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as connection:
        started = time.monotonic()
        request = f"POST /contact/ HTTP/1.1\r\nHost: {address.netloc}\r\n{headers}\r\n"
        connection.sendall(request.encode())
        status_line = connection.makefile("rb").readline().decode()
        return status_line, time.monotonic() - started


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("server", ["live_server", "gunicorn"])
def test_a_real_server_answers_a_huge_content_length_at_once(request, server):
    url = request.getfixturevalue(server)
    status_line, seconds = _send_headers_only(
        str(url),
        f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {HUGE}\r\n",
    )
    assert status_line.split()[1] == "413"
    assert seconds < 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("server", ["live_server", "gunicorn"])
def test_a_real_server_answers_a_chunked_body_at_once(request, server):
    url = request.getfixturevalue(server)
    status_line, seconds = _send_headers_only(
        str(url), "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
    )
    assert status_line.split()[1] == "411"
    assert seconds < 1
