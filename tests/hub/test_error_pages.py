"""Errors get the site's own pages, in plain words, and never a stack trace."""

import json
import logging

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.views import defaults

from hub.logging import JsonFormatter
from tests.factories import make_question

pytestmark = pytest.mark.django_db


def test_not_found_page_is_in_the_site_design_and_offers_search(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find that page" in response.text
    assert 'class="site-header"' in response.text
    assert 'action="/search/"' in response.text


def test_wrong_method_gets_a_405_page_that_keeps_the_allow_header(client):
    response = client.post("/faq/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "That is not possible on this page" in response.text
    assert 'class="site-header"' in response.text


def test_csrf_failure_explains_itself_and_is_logged(caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="hub.security"):
        response = client.post("/contact/", {"name": "Ada"})
    assert response.status_code == 403
    assert "This form could not be sent" in response.text
    assert "reload the page" in response.text
    assert 'class="site-header"' in response.text
    [record] = [r for r in caplog.records if r.name == "hub.security"]
    assert record.event == "csrf-failure"
    assert record.ip == "127.0.0.1"


def test_nul_bytes_in_a_path_get_a_400_page(client):
    response = client.get("/faq/ports\x00/")
    assert response.status_code == 400
    assert "We could not read that request" in response.text


@pytest.mark.django_db
def test_nul_bytes_in_the_query_are_dropped(client):
    make_question(title="LDAP ports")
    response = client.get("/faq/", {"q": "ldap\x00"})
    assert response.status_code == 200
    assert "LDAP ports" in response.text


def test_bad_request_page_renders_without_a_request():
    # Django renders 400.html with no request at all.
    html = defaults.bad_request(RequestFactory().get("/"), Exception()).content.decode()
    assert "We could not read that request" in html


def test_permission_denied_page_is_in_the_site_design():
    response = defaults.permission_denied(RequestFactory().get("/"), Exception())
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()


def test_server_error_page_needs_neither_database_nor_request(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "/static/css/hub.css" in html


def test_server_error_handler_answers_500_with_the_page():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_too_many_requests_page_is_in_the_site_design(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {**settings.RATELIMITS, "contact": "1/h"}
    settings.RATELIMIT_TRIES_FACTOR = 1
    client.post("/contact/", {})
    response = client.post("/contact/", {})
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert 'class="site-header"' in response.text


def test_security_log_lines_are_json_with_the_event_and_the_ip(client, caplog, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {**settings.RATELIMITS, "contact": "1/h"}
    settings.RATELIMIT_TRIES_FACTOR = 1
    with caplog.at_level(logging.INFO, logger="hub.security"):
        for _ in range(2):
            client.post("/contact/", {"email": "private@example.com"})
    [record] = [r for r in caplog.records if r.name == "hub.security"]
    [formatter] = [
        handler.formatter
        for handler in logging.getLogger("hub.security").handlers
        if isinstance(handler.formatter, JsonFormatter)
    ]
    line = formatter.format(record)
    entry = json.loads(line)
    assert entry["event"] == "ratelimit"
    assert entry["scope"] == "contact"
    assert entry["ip"] == "127.0.0.1"
    assert entry["level"] == "WARNING"
    assert "private@example.com" not in line
