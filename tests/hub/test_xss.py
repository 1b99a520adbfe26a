"""Known XSS payloads in every editable text field never come out live.

Each payload in tests/data/xss_payloads.txt goes into every field a SURFACE
names; the pages that show those fields are rendered and parsed, and must
hold no script of our own making, no event handler, no javascript: (or
vbscript:, data:text/html) URL, and no frame, object, base or refresh.
To cover a new field, add it to a surface or add a surface.
The browser check that no dialog fires belongs to the browser tests.
"""

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from content.core.models import ProductArea
from content.enquiries.models import Enquiry
from content.events.models import Session
from content.faq.models import Question
from content.library.models import Asset
from tests.enquiries.factories import make_enquiry
from tests.factories import make_area, make_asset, make_question, make_session

pytestmark = pytest.mark.django_db

PAYLOADS = [
    line
    for line in (Path(__file__).parents[1] / "data" / "xss_payloads.txt").read_text().splitlines()
    if line and not line.startswith("# ")
]
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
NEXT_PAGE = re.compile(r'<a rel="next" href="(?P<query>\?[^"]*)"')
DANGEROUS_TAGS = {"iframe", "frame", "frameset", "object", "embed", "base", "applet", "isindex"}


class LiveMarkupFinder(HTMLParser):
    """Collect everything in a page that a browser would run."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
            if name in URL_ATTRIBUTES and value:
                # Browsers ignore whitespace and control characters in a scheme.
                squeezed = "".join(c for c in value if c > " ").lower()
                if squeezed.startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value[:40]!r}>")
        if tag == "script":
            # Only files from the hub itself; "//host/x.js" is another site.
            source = attributes.get("src") or ""
            own = source.startswith("/") and not source.startswith("//")
            # JSON and JSON-LD are data blocks: browsers never run them. A
            # payload breaking out of one would open a script of its own.
            data_block = attributes.get("type") in {"application/json", "application/ld+json"}
            if not data_block and not own:
                self.problems.append(f"<script src={source!r}>")
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")

    handle_startendtag = handle_starttag


def live_markup(html):
    finder = LiveMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def fit(model, field, payload):
    """Cut `payload` to what the model field holds."""
    return payload[: model._meta.get_field(field).max_length or None]


@dataclass
class Surface:
    """Fields filled with a payload (by `make`), and the pages that show them.

    `pages` are each item's own pages; `listings` are rendered once all items
    exist, page after page, and show many items at a time.
    """

    make: callable
    pages: callable
    listings: tuple = ()
    staff: bool = False


def _content_fields(model, payload):
    return {field: fit(model, field, payload) for field in ["title", "summary"]} | {"body": payload}


def _tag(payload):
    return [payload[:100].replace(",", " ").strip() or "tag"]


SURFACES = {
    "faq question: title, summary, body, topic, tags": Surface(
        make=lambda p: make_question(
            tags=_tag(p), topic=fit(Question, "topic", p), **_content_fields(Question, p)
        ),
        pages=lambda q: [q.get_absolute_url()],
        listings=("/faq/", "/"),
    ),
    "asset: title, summary, body, format, tags": Surface(
        make=lambda p: make_asset(
            tags=_tag(p),
            asset_type=Asset.Type.TECHNICAL_UPDATE,
            format=fit(Asset, "format", p),
            area=make_area(),
            **_content_fields(Asset, p),
        ),
        pages=lambda a: [a.get_absolute_url(), a.area.get_absolute_url()],
        listings=("/library/", "/"),
    ),
    "session: title, summary, agenda, venue, city, tags": Surface(
        make=lambda p: make_session(
            tags=_tag(p),
            venue=fit(Session, "venue", p),
            city=fit(Session, "city", p),
            **_content_fields(Session, p),
        ),
        pages=lambda s: [s.get_absolute_url()],
        listings=("/phish-and-chips/", "/"),
    ),
    "product area: name, tagline, intro": Surface(
        make=lambda p: make_area(
            name=fit(ProductArea, "name", p), tagline=fit(ProductArea, "tagline", p), intro=p
        ),
        pages=lambda area: [area.get_absolute_url()],
        listings=("/",),
    ),
    "search query": Surface(
        make=lambda p: make_question(title=f"Found {p[:150]}"),
        pages=lambda q: ["/search/?" + urlencode({"q": q.title.removeprefix("Found ")})],
    ),
    "contact topic in the link": Surface(
        make=lambda p: p, pages=lambda p: ["/contact/?" + urlencode({"topic": p})]
    ),
    "question in the admin: title, summary, body preview, tags": Surface(
        make=lambda p: make_question(tags=_tag(p), **_content_fields(Question, p)),
        pages=lambda q: [reverse("admin:faq_question_change", args=[q.pk])],
        listings=(reverse("admin:faq_question_changelist"),),
        staff=True,
    ),
    "enquiry in the admin: name, company, message, notes": Surface(
        make=lambda p: make_enquiry(
            name=fit(Enquiry, "name", p),
            company=fit(Enquiry, "company", p),
            message=p,
            internal_notes=p,
        ),
        pages=lambda e: [reverse("admin:enquiries_enquiry_change", args=[e.pk])],
        listings=(reverse("admin:enquiries_enquiry_changelist"),),
        staff=True,
    ),
}


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 50


def test_the_checker_sees_live_markup():
    for html in [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href=" java\tscript:alert(1)">x</a>',
        '<iframe srcdoc="x"></iframe>',
    ]:
        assert live_markup(html), html
    assert not live_markup('<script src="/static/js/hub.js"></script><p>&lt;script&gt;</p>')


def _check(browser, url, payload):
    response = browser.get(url)
    assert response.status_code == 200, (url, payload)
    assert live_markup(response.text) == [], (url, payload)
    return response


@pytest.mark.parametrize("surface", SURFACES)
def test_payloads_never_come_out_live(surface, client, staff_client):
    case = SURFACES[surface]
    browser = staff_client if case.staff else client
    for payload in PAYLOADS:
        for url in case.pages(case.make(payload)):
            _check(browser, url, payload)
    for listing in case.listings:
        url = listing
        while url:
            response = _check(browser, url, "any of them")
            following = NEXT_PAGE.search(response.text)
            url = listing + unescape(following["query"]) if following else None


def test_form_fields_shown_back_after_an_error_stay_inert(client, settings):
    settings.RATELIMIT_ENABLE = False
    for payload in PAYLOADS:
        fields = dict.fromkeys(["name", "email", "company", "message", "topic"], payload)
        response = client.post("/contact/", fields | {"website": payload})
        assert response.status_code == 200, payload
        assert live_markup(response.text) == [], payload
