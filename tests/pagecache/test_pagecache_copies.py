"""Each worker answers stored pages from its own copies before Django's handler
runs (hub.wsgi): with the same headers, never stale, never to the wrong visitor."""

import io
import re
from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content.core import changes
from content.insights import recording
from content.insights.models import Event, Kind
from content.pagecache.middleware import (
    CachedPageApplication,
    PageCopies,
    PublicPageCacheMiddleware,
)
from hub.wsgi import application
from tests.factories import make_asset, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connection_kept():
    """Keep the test's database connection across requests, as Django's test
    client does: the server's request signals would close it, and with it the
    test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = dict(headers)
        self.body = body


def environ_of(path, query="", **headers):
    """Return the environ gunicorn gives a GET of `path` (a str; its bytes as
    Latin-1, as WSGI carries them) with `headers`, e.g. if_none_match="..."."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path.encode().decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    environ.update({"HTTP_" + name.upper(): value for name, value in headers.items()})
    return environ


def get(path, query="", **headers):
    """GET `path` through the WSGI application; return the answer and its queries."""
    environ = environ_of(path, query, **headers)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=headers)

    with CaptureQueriesContext(connection) as queries:
        response = application(environ, start_response)
        body = b"".join(response)
        response.close()
    return Answer(started["status"], started["headers"], body), len(queries)


def shared_pages_lost():
    """Empty the shared cache but for the generation, as if it had evicted every page:
    what still comes without a query comes from the worker's copies."""
    generation = cache.get(changes.GENERATION_KEY)
    cache.clear()
    cache.set(changes.GENERATION_KEY, generation)


def test_second_request_is_answered_from_the_copy_with_every_header(page_cache):
    make_question(title="Which ports are used?")
    rendered, rendered_queries = get("/faq/")
    shared_pages_lost()
    copied, copied_queries = get("/faq/")
    assert rendered_queries > 0
    assert copied_queries == 0
    assert copied.status == "200 OK"
    assert copied.body == rendered.body
    assert b"Which ports are used?" in copied.body
    for name, value in rendered.headers.items():
        if name != "X-Request-ID":
            assert copied.headers[name] == value, name
    for name in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Cache-Control"):
        assert copied.headers[name]
    # Each answer gets a request id of its own, as the request log gives it.
    assert copied.headers["X-Request-ID"] != rendered.headers["X-Request-ID"]


def test_an_edit_ends_the_copy_at_once(page_cache):
    question = make_question(title="Which ports are used?")
    get("/faq/")
    assert b"Which ports are used?" in get("/faq/")[0].body
    question.title = "Which ports does the gateway use?"
    question.save()
    answer, queries = get("/faq/")
    assert b"Which ports does the gateway use?" in answer.body
    assert queries > 0


def test_a_visitor_with_a_session_cookie_never_gets_the_copy(page_cache):
    make_question(title="Which ports are used?")
    get("/faq/")
    get("/faq/")
    answer, queries = get("/faq/", cookie="sessionid=a-visitor-with-a-session")
    assert queries > 0
    assert "private" in answer.headers["Cache-Control"]


def test_a_conditional_request_still_gets_its_304(page_cache):
    make_question(title="Which ports are used?")
    etag = get("/faq/")[0].headers["ETag"]
    get("/faq/")
    answer, _ = get("/faq/", if_none_match=etag)
    assert answer.status.startswith("304")
    assert answer.body == b""


def test_views_answered_from_the_copy_are_counted(page_cache):
    asset = make_asset(title="Routing checklist")
    get(asset.get_absolute_url())
    shared_pages_lost()
    for _ in range(2):
        assert get(asset.get_absolute_url())[1] == 0
    recording.flush()
    assert Event.objects.filter(kind=Kind.VIEW, item=asset.pk).count() == 3


def test_copies_stay_within_their_budget(page_cache, settings, monkeypatch):
    monkeypatch.setattr(application, "copies", PageCopies())
    make_question(title="Which ports are used?")
    first, second = "/faq/", "/library/"
    get(first)
    first_size = application.copies.size
    get(second)
    second_size = application.copies.size - first_size
    # Room for either page, not for both.
    settings.PAGE_CACHE_COPY_BYTES = max(first_size, second_size) + 100
    cache.clear()
    get(first)
    get(second)
    shared_pages_lost()
    # The second page took the room of the first, which is rendered again.
    assert get(second)[1] == 0
    assert get(first)[1] > 0
    assert application.copies.size <= settings.PAGE_CACHE_COPY_BYTES


def test_nothing_is_copied_with_the_page_cache_off():
    make_question(title="Which ports are used?")
    get("/faq/")
    assert get("/faq/")[1] > 0


def csrf_cookie(answer):
    cookie = SimpleCookie()
    cookie.load(answer.headers["Set-Cookie"])
    return cookie["csrftoken"].value


def form_token(answer):
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]*)"', answer.body).group(1).decode()


def test_a_copied_form_gets_each_visitor_tokens_of_their_own(page_cache):
    rendered, _ = get("/contact/")
    shared_pages_lost()
    copied, queries = get("/contact/")
    assert queries == 0
    assert b"\x00" not in copied.body
    assert "private" in copied.headers["Cache-Control"]
    assert csrf_cookie(copied) != csrf_cookie(rendered)
    assert form_token(copied) != form_token(rendered)
    # A returning visitor keeps their cookie, and the token they get works.
    again, _ = get("/contact/", cookie=f"csrftoken={csrf_cookie(copied)}")
    assert csrf_cookie(again) == csrf_cookie(copied)
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies["csrftoken"] = csrf_cookie(copied)
    assert visitor.post("/contact/", {"csrfmiddlewaretoken": form_token(again)}).status_code != 403
    assert (
        visitor.post("/contact/", {"csrfmiddlewaretoken": form_token(rendered)}).status_code == 403
    )


def test_addresses_the_copies_cannot_read_get_djangos_own_answer(page_cache):
    make_question(title="Which ports are used?")
    get("/faq/")
    # A path that is not UTF-8 text once decoded, too many parameters, a
    # precondition: each answered as without the copies, never a crash.
    assert get("/faq/€/")[0].status.startswith("404")
    many = "&".join(f"a{number}=1" for number in range(1100))
    assert get("/faq/", many)[0].status.startswith("400")
    assert get("/faq/", if_match='"another"')[0].status.startswith("412")
    assert get("/faq/")[0].status == "200 OK"


def test_copies_stay_off_with_no_budget(page_cache, settings):
    settings.PAGE_CACHE_COPY_BYTES = 0
    make_question(title="Which ports are used?")
    get("/faq/")
    shared_pages_lost()
    assert get("/faq/")[1] > 0


def addresses():
    """Environs of requests that differ in one thing each that a page key reads."""
    yield environ_of("/faq/")
    yield environ_of("/faq/", "b=2&a=1")
    yield environ_of("/faq/", "a=1&b=2&a=0")
    yield environ_of("/faq/", "utm_source=mail&a=1")
    yield environ_of("/library/", "type=policy-template")
    yield environ_of("/library/café/")
    yield {**environ_of("/faq/"), "HTTP_HOST": "127.0.0.1"}
    yield {**environ_of("/faq/"), "HTTP_HOST": "127.0.0.1:8000"}
    yield {**environ_of("/faq/"), "wsgi.url_scheme": "https"}
    yield {**environ_of("/faq/"), "SCRIPT_NAME": "/hub"}
    without_host = environ_of("/faq/")
    del without_host["HTTP_HOST"]
    yield without_host
    yield {**without_host, "SERVER_PORT": "8000"}
    yield {**environ_of("/faq/"), "HTTP_X_FORWARDED_PROTO": "https"}


def test_the_copies_compute_the_page_cache_key_of_every_address(settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    copies = CachedPageApplication(application.application)
    # Keys are remembered only for the pages a process holds: say it holds them all.
    for environ in addresses():
        copies.copies.pages[PublicPageCacheMiddleware.page_key(WSGIRequest(dict(environ)))] = ()
    for _ in range(2):  # the second time from the addresses remembered
        for environ in addresses():
            key = PublicPageCacheMiddleware.page_key(WSGIRequest(dict(environ)))
            assert copies.page_key(environ) == key
    assert copies.keys
    # Behind a proxy that says HTTPS, the scheme is the proxy's.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for environ in addresses():
        key = PublicPageCacheMiddleware.page_key(WSGIRequest(dict(environ)))
        assert copies.page_key(environ) == key
