"""The sitemap, robots.txt, and what each page tells search engines and link previews."""

import json
import re
import xml.etree.ElementTree as ElementTree
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone

from content.core.models import Content
from tests.factories import make_area, make_asset, make_question, make_session
from tests.library.conftest import upload

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.findall(f"{SITEMAP}url")
    }


def test_sitemap_lists_every_public_page_with_lastmod(client):
    area = make_area(slug="insider-risk")
    question = make_question(area=area, tags=["ldap"])
    asset = make_asset(area=area)
    session = make_session()
    urls = _sitemap(client)
    for path in [
        "/",
        "/library/",
        "/library/updates/",
        "/faq/",
        "/phish-and-chips/",
        "/areas/",
        "/areas/insider-risk/",
        "/tags/ldap/",
        question.get_absolute_url(),
        asset.get_absolute_url(),
        session.get_absolute_url(),
    ]:
        assert f"{settings.SITE_URL}{path}" in urls, path
    assert (
        urls[f"{settings.SITE_URL}{asset.get_absolute_url()}"] == asset.updated.date().isoformat()
    )
    assert (
        urls[f"{settings.SITE_URL}/areas/insider-risk/"]
        == max(question.updated, asset.updated).date().isoformat()
    )


def test_drafts_and_future_items_never_appear(client):
    draft = make_asset(status=Content.Status.DRAFT, tags=["secret"])
    future = make_question(publish_at=timezone.now() + timedelta(days=1), tags=["secret"])
    urls = "\n".join(_sitemap(client))
    assert draft.get_absolute_url() not in urls
    assert future.get_absolute_url() not in urls
    assert "/tags/secret/" not in urls


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.text.splitlines()


def _head(text):
    return text.split("</head>")[0]


def _json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, re.DOTALL
    )
    assert blocks, "no JSON-LD on the page"
    return [json.loads(data) for data in blocks]


@pytest.mark.parametrize(
    "path", ["/", "/library/", "/library/updates/", "/faq/", "/phish-and-chips/", "/contact/"]
)
def test_every_page_has_canonical_description_and_open_graph(client, path):
    head = _head(client.get(path).text)
    assert f'<link rel="canonical" href="{settings.SITE_URL}{path}">' in head
    assert '<meta name="description" content="' in head
    for prop in ["og:title", "og:description", "og:type", "og:url", "og:site_name"]:
        assert f'<meta property="{prop}" content="' in head


def test_asset_page_describes_itself(client):
    asset = make_asset(title="Sync guide", summary="Connect the directory.")
    response = client.get(asset.get_absolute_url())
    head = _head(response.text)
    assert '<meta property="og:title" content="Sync guide">' in head
    assert '<meta name="description" content="Connect the directory.">' in head
    assert '<meta property="og:type" content="article">' in head
    url = f"{settings.SITE_URL}{asset.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in head
    [data] = _json_ld(response)
    assert data["@type"] == "Article"
    assert data["headline"] == "Sync guide"
    assert data["url"] == url


def test_asset_with_a_file_is_a_digital_document(client):
    asset = make_asset(file=upload("guide.pdf"))
    [data] = _json_ld(client.get(asset.get_absolute_url()))
    assert data["@type"] == "DigitalDocument"
    assert data["encodingFormat"] == "application/pdf"
    assert data["contentUrl"] == f"{settings.SITE_URL}{asset.get_download_url()}"


def test_faq_page_is_a_faq_page(client):
    make_question(title="Which ports?", body="Port **25**.")
    [data] = _json_ld(client.get("/faq/"))
    assert data["@type"] == "FAQPage"
    [question] = data["mainEntity"]
    assert question["name"] == "Which ports?"
    assert question["acceptedAnswer"]["text"] == "<p>Port <strong>25</strong>.</p>"


def test_session_page_is_an_event(client):
    session = make_session(title="London day", venue="1 Example Street", city="London")
    [data] = _json_ld(client.get(session.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["name"] == "London day"
    assert data["location"]["address"] == "1 Example Street, London"
    assert data["startDate"].startswith(session.starts_at.isoformat()[:16])


def test_json_ld_cannot_be_broken_out_of(client):
    asset = make_asset(title="</script><script>alert(1)</script>", summary="a & b")
    response = client.get(asset.get_absolute_url())
    assert "<script>alert(1)" not in response.text
    [data] = _json_ld(response)
    assert data["name"] == "</script><script>alert(1)</script>"


def test_base_template_renders_without_a_request_as_a_500_page_would():
    html = get_template("base.html").render({})
    assert "<title>" in html
    assert 'rel="canonical"' not in html


def test_every_address_in_the_sitemap_answers(client):
    call_command("load_demo_content")
    urls = _sitemap(client)
    assert len(urls) > 30
    for url, lastmod in urls.items():
        assert lastmod, url
        assert client.get(url).status_code == 200, url


def test_addresses_are_on_the_site_address_whatever_host_the_request_named(settings):
    settings.SITE_URL = "https://hub.example.com"
    asset = make_asset(title="Sync guide", summary="Connect the directory.")
    client = Client(HTTP_HOST="TestServer.:8080")
    head = _head(client.get(asset.get_absolute_url()).text)
    assert (
        f'<link rel="canonical" href="https://hub.example.com{asset.get_absolute_url()}">' in head
    )
    assert f"https://hub.example.com{asset.get_absolute_url()}" in _sitemap(client)
    assert "Sitemap: https://hub.example.com/sitemap.xml" in client.get("/robots.txt").text
    api = client.get("/api/search", {"q": "sync"}).json()
    assert api["results"][0]["url"] == f"https://hub.example.com{asset.get_absolute_url()}"
    opensearch = client.get("/opensearch.xml").text
    assert 'template="https://hub.example.com/search/?q={searchTerms}"' in opensearch
    for page in [head, opensearch, client.get("/sitemap.xml").text, json.dumps(api)]:
        assert not re.search("testserver", page, re.IGNORECASE)
