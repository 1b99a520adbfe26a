"""The request log: one structured line per request, with an id to follow it by."""

import json
import logging

import pytest

from hub.logging import JsonFormatter


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
