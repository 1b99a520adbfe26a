"""The request log: one structured line per request, with an id to follow it by."""

import io
import json
import logging
import urllib.error
import urllib.request

import pytest
from django.core import signing
from django.utils.log import log_message

from content.events.booking import registration_forget
from content.events.links import manage_path
from hub.logging import JsonFormatter
from tests.factories import make_registration, make_session
from tests.helpers import CONTACT_FORM
from tests.servers import gunicorn, quiet_server


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="hub.request")
    return caplog


def _only_entry(caplog):
    records = [record for record in caplog.records if record.name == "hub.request"]
    assert len(records) == 1
    return json.loads(JsonFormatter().format(records[0]))


def test_each_request_is_one_json_line_with_method_path_status_duration_and_id(client, request_log):
    response = client.get("/robots.txt?ignored=1")
    entry = _only_entry(request_log)
    assert entry["message"] == "request"
    assert entry["method"] == "GET"
    assert entry["path"] == "/robots.txt"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["request_id"] == response["X-Request-ID"]
    assert len(entry["request_id"]) == 32


def test_request_id_from_the_proxy_is_kept_and_sent_back(client, request_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")
    assert response["X-Request-ID"] == "lb-7f3a.42"
    assert _only_entry(request_log)["request_id"] == "lb-7f3a.42"


def test_request_id_that_could_forge_log_lines_is_replaced(client, request_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='x"}\n{"level": "ERROR"')
    assert response["X-Request-ID"] != 'x"}\n{"level": "ERROR"'
    assert len(response["X-Request-ID"]) == 32


def test_errors_are_logged_with_their_status(client, request_log):
    client.get("/no-such-page/")
    assert _only_entry(request_log)["status"] == 404


@pytest.fixture
def written_logs():
    """Return a function giving what the configured handlers wrote so far.

    The handlers themselves, not caplog: the redaction is a filter on them.
    """
    loggers = [
        logging.getLogger(name) for name in ("", "django", "django.request", "django.server")
    ]
    handlers = {
        handler
        for logger in loggers
        for handler in logger.handlers
        if type(handler) is logging.StreamHandler  # not pytest's own
    }
    stream = io.StringIO()
    old_streams = {handler: handler.setStream(stream) for handler in handlers}
    yield stream.getvalue
    for handler, old_stream in old_streams.items():
        handler.setStream(old_stream)


def _signed_part(path):
    return path.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.django_db
def test_signed_links_never_reach_the_logs(client, written_logs):
    registration = make_registration(make_session())
    manage = manage_path(registration)
    client.get(manage)
    client.get(manage + "cancel/")
    tampered = manage[:-3] + ("A" if manage[-3] != "A" else "B") + manage[-2:]
    assert client.get(tampered).status_code == 400
    registration_forget(registration=registration)
    assert client.get(manage).status_code == 404
    sent = client.post("/contact/", CONTACT_FORM)["Location"]
    client.get(sent)
    written = written_logs()
    for secret in (_signed_part(manage), _signed_part(tampered), _signed_part(sent)):
        assert secret not in written
    assert str(registration.token) not in written
    assert '"path": "/phish-and-chips/manage/[redacted]/cancel/"' in written
    assert "Bad Request: /phish-and-chips/manage/[redacted]/" in written
    assert "Not Found: /phish-and-chips/manage/[redacted]/" in written
    assert '"path": "/contact/sent/[redacted]/"' in written


@pytest.mark.django_db
def test_a_bare_token_in_a_path_is_not_logged_either(client, written_logs):
    registration = make_registration(make_session())
    assert client.get(f"/phish-and-chips/manage/{registration.token}/").status_code == 400
    assert str(registration.token) not in written_logs()


@pytest.mark.django_db
def test_development_server_lines_hide_signed_values_in_path_and_query(written_logs):
    signed = _signed_part(manage_path(make_registration(make_session())))
    request_line = f"GET /phish-and-chips/manage/{signed}/?next=/x/&link={signed} HTTP/1.1"
    # As django.core.servers.basehttp logs each request of runserver.
    log_message(
        logging.getLogger("django.server"),
        '"%s" %s %s',
        request_line,
        "200",
        "512",
        status_code=200,
        server_time="07/Dec/2026 16:00:00",
    )
    written = written_logs()
    assert signed not in written
    assert "GET /phish-and-chips/manage/[redacted]/?next=/x/&link=[redacted] HTTP/1.1" in written
    assert "07/Dec/2026 16:00:00" in written


def test_addresses_with_a_port_are_left_alone(written_logs):
    logging.getLogger("hub").info("listening on http://127.0.0.1:8000/ for /library/guide/")
    assert "http://127.0.0.1:8000/ for /library/guide/" in written_logs()


def test_a_live_server_logs_no_signed_link(live_server, written_logs):
    registration = make_registration(make_session())
    manage = manage_path(registration)
    with urllib.request.urlopen(live_server.url + manage) as response:
        assert response.status == 200
        assert "no-store" in response.headers["Cache-Control"]
    written = written_logs()
    assert '"path": "/phish-and-chips/manage/[redacted]/"' in written
    assert _signed_part(manage) not in written


def test_gunicorn_logs_no_signed_link(tmp_path):
    signed = signing.dumps("0b7c5f2e-4a4e-4b5e-9d6c-1f2e3d4c5b6a", salt="another.salt")
    log = tmp_path / "server.log"
    with gunicorn(quiet_server(tmp_path, LOG_LEVEL="INFO"), log, workers=1) as url:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}/phish-and-chips/manage/{signed}/")
        assert refused.value.code == 400
    written = log.read_text()
    assert "Bad Request: /phish-and-chips/manage/[redacted]/" in written
    assert '"path": "/phish-and-chips/manage/[redacted]/"' in written
    assert signed.split(":")[0] not in written
