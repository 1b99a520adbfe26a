"""Hostile input on every public URL gets a 4xx or a page, never a 500 or a trace.

The routes come from the URLconf (tests.safety.walker.py), so this walks pages
that other apps add once their URLs are included. Parameters are filled with
real slugs from factories, then with malformed ones; every page is asked with
hostile query strings and wrong methods, and every POST form on it is sent
with missing, huge and wrong-typed fields and with bad or missing CSRF tokens.
"""

import re

import pytest
from django.test import Client

from tests.factories import make_area, make_asset, make_question, make_registration, make_session
from tests.helpers import kept_for_the_module
from tests.safety.walker import fill, parameters, post_forms, public_routes

pytestmark = pytest.mark.django_db

ROUTES = public_routes()

HUGE = "x" * 100_000
HOSTILE_TEXT = [
    HUGE,
    "\x00",
    "ldap\x00union select",
    "ü𝔘 \u202e\u200b 日本語 \ud7ff",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "%",
    "\\",
    'a:b* -c "d',
    "../../etc/passwd",
    "-1",
    "1e309",
]
QUERY_STRINGS = [
    {"page": "-1"},
    {"page": "0"},
    {"page": "99999999999999999999999999"},
    {"page": "1e9"},
    {"page": "last"},
    {"page": "abc"},
    {"page": ["1", "2"]},
    # Each hostile value as the query, then in every filter at once (filters
    # are checked each on its own; a bad query may answer before they are read).
    *({"q": value} for value in HOSTILE_TEXT),
    *(dict.fromkeys(["area", "type", "tag", "topic"], value) for value in HOSTILE_TEXT),
    {"kind": "no-such-kind", "sort": "-password", "format": "exe", "year": "-1", "month": "13"},
    {"area": "no-such-area", "type": "no-such-type", "tag": "no-such-tag", "page": "2"},
    {f"field{number}": "x" for number in range(1500)},  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
]
MALFORMED_VALUES = ["-", "..", "a" * 3000, "ünïcödé", "😀", "%00", "%2e%2e%2f", "0", "-1", "9" * 40]
PATHS = ["/" + "a/" * 2000, "/%00/", "/..%2f..%2fetc/passwd", "/" + "ü" * 500 + "/"]
METHODS = ["post", "put", "patch", "delete", "options", "head", "trace"]
WRONG_VALUES = [HUGE, ["a", "b"], "\x00", "-1", "1e309", "ünï😀", "", "on", "true"]


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    # Rate limits would answer 429 before the forms see the hostile fields.
    settings.RATELIMIT_ENABLE = False


class RealAddresses:
    """Values that make parametrised routes point at real, published things,
    and, once asked, the address each route gets from them."""

    def __init__(self, values):
        self.values = values
        self.found = {}

    def url(self, client, route):
        """Return `route` filled with the first real value that gives a page."""
        if route not in self.found:
            self.found[route] = _real_url(client, route, self.values)
        return self.found[route]


@pytest.fixture(scope="module")
def real_addresses(django_db_setup, django_db_blocker):
    """Made once for the module's tests, which only read them (their writes roll back)."""
    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            area = make_area(slug="insider-risk")
            session = make_session(area=area, tags=["ldap"])
            make_registration(session)
            items = [
                make_question(area=area, tags=["ldap"]),
                make_asset(area=area, tags=["ldap"]),
                session,
            ]
        yield RealAddresses(
            [area.slug, *(item.slug for item in items), "ldap", *(item.pk for item in items)]
        )


def _check(response, what):
    assert response.status_code < 500, what
    body = response.content.decode(errors="replace")
    assert "Traceback" not in body, what
    assert 'id="traceback"' not in body, what


def _ask(client, method, url, what, **kwargs):
    try:
        response = getattr(client, method)(url, **kwargs)
    except Exception as error:  # the test client re-raises what the view raised
        pytest.fail(f"{what}: {error!r}")
    _check(response, what)
    return response


def _real_url(client, route, values):
    if not parameters(route):
        return route
    for value in values:
        url = fill(route, value)
        if client.get(url).status_code == 200:
            return url
    return fill(route, values[0])


def test_every_public_route_is_walked():
    # The walker finds the hub's own pages; other apps' pages join them.
    for route in ["/", "/faq/<slug:slug>/", "/contact/", "/search/", "/admin/login/"]:
        assert route in ROUTES


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_query_strings_never_break_a_page(client, route, real_addresses):
    url = real_addresses.url(client, route)
    for query in QUERY_STRINGS:
        _ask(client, "get", url, f"GET {url} {str(query)[:80]}", data=query)


@pytest.mark.parametrize("route", [route for route in ROUTES if parameters(route)])
def test_malformed_parameters_are_not_found_not_errors(client, route):
    for value in MALFORMED_VALUES:
        url = fill(route, value)
        response = _ask(client, "get", url, f"GET {url[:120]}")
        assert response.status_code in {301, 302, 400, 404, 405}, url[:120]


@pytest.mark.parametrize("path", PATHS)
def test_over_long_and_odd_paths_are_refused_cleanly(client, path):
    assert _ask(client, "get", path, path[:80]).status_code in {400, 404}


@pytest.mark.parametrize("route", ROUTES)
def test_wrong_methods_and_missing_csrf_are_refused(route, real_addresses):
    client = Client(enforce_csrf_checks=True)
    url = real_addresses.url(client, route)
    for method in METHODS:
        _ask(client, method, url, f"{method.upper()} {url}", data={"q": HUGE})


@pytest.mark.parametrize("route", ROUTES)
def test_forms_survive_missing_huge_and_wrong_typed_fields(route, real_addresses):
    client = Client(enforce_csrf_checks=True)
    url = real_addresses.url(client, route)
    page = client.get(url)
    if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
        pytest.skip(f"{url} answers {page.status_code} {page.get('Content-Type')}: no form to fill")
    for form in post_forms(page.text):
        action = form["action"] or url
        token = client.cookies["csrftoken"].value
        base = {"csrfmiddlewaretoken": token}
        _ask(client, "post", action, f"POST {action} nothing", data=base)
        for value in WRONG_VALUES:
            # Every field at once: each is validated on its own, and a form
            # that breaks on one wrong field breaks on this.
            data = base | dict.fromkeys(form["fields"], value)
            _ask(client, "post", action, f"POST {action} every field={str(value)[:20]}", data=data)
        refused = _ask(
            client,
            "post",
            action,
            f"POST {action} forged token",
            data=base | {"csrfmiddlewaretoken": "x" * 64},
        )
        assert refused.status_code == 403
        assert "This form could not be sent" in refused.text


def test_contact_form_is_among_the_walked_forms(client):
    forms = post_forms(client.get("/contact/").text)
    assert any(re.search(r"/contact/", form["action"]) for form in forms)
    assert {"name", "email", "message", "consent", "website"} <= set(forms[0]["fields"])


@pytest.mark.parametrize("debug", [False, True])
def test_too_many_query_parameters_are_a_clear_400_whatever_debug(settings, debug):
    settings.DEBUG = debug
    response = Client(raise_request_exception=False).get(
        "/search/", {f"field{number}": "x" for number in range(1001)}
    )
    assert response.status_code == 400
    assert b"Too many parameters" in response.content


@pytest.mark.parametrize("page_cache_on", [False, True])
def test_a_nul_byte_in_a_cookie_is_dropped_not_an_error(settings, page_cache_on):
    """A quoted cookie can carry a NUL byte ("\\000"), which PostgreSQL refuses
    when the session is looked up: such a cookie is dropped, as if not sent."""
    settings.PAGE_CACHE = page_cache_on
    guide = make_asset(title="Routing guide")
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abcdefghijk\x00lmn"
    response = client.get(guide.get_absolute_url())
    assert response.status_code == 200 and "Routing guide" in response.text
