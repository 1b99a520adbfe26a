"""Content kept for an audience reaches nobody else, by any channel.

Four visitors: a member of organisation A (a partner), a member of
organisation B (a customer), a signed-in visitor of no organisation and an
anonymous visitor. The page cache is on, as in production.
"""

import json
import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from content.accounts.models import Membership, Organisation
from content.core.models import Audience
from content.library.models import Asset
from tests.factories import make_area, make_asset, make_question, make_session

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n"
# Each item's own word: found in a page, it means the item leaked there.
WORDS = {
    "public": "Kestrel",
    "partners": "Zebrafinch",  # partners; others see a teaser
    "org_a": "Quokka",  # organisation A only; no teaser
    "signed_in": "Wombat",  # any signed-in visitor; no teaser
    "customers": "Narwhal",  # a session for customers; no teaser
}
# Who may read what (the teaser of "partners" is listed for everyone).
READS = {
    "a": {"public", "partners", "org_a", "signed_in"},
    "b": {"public", "signed_in", "customers"},
    "none": {"public", "signed_in"},
    "anonymous": {"public"},
}
VISITORS = list(READS)


@pytest.fixture(autouse=True)
def page_cache_on(page_cache, media_root):
    """Pages come from the page cache, as in production; uploads go to a folder of its own."""


@pytest.fixture
def world():
    area = make_area(name="Insider Risk", slug="insider-risk")
    org_a = Organisation.objects.create(name="Org A", tier=Organisation.Tier.PARTNER)
    org_b = Organisation.objects.create(name="Org B", tier=Organisation.Tier.CUSTOMER)
    common = {"area": area, "tags": ["gated"]}
    items = {
        "public": make_asset(
            title=f"{WORDS['public']} guide", asset_type=Asset.Type.TECHNICAL_UPDATE, **common
        ),
        "partners": make_asset(
            title=f"{WORDS['partners']} playbook",
            summary="Partner enablement in brief.",
            body=f"The {WORDS['partners']} body text.",
            audience=Audience.PARTNERS,
            audience_teaser=True,
            asset_type=Asset.Type.TECHNICAL_UPDATE,
            **common,
        ),
        "org_a": make_asset(
            title=f"{WORDS['org_a']} deployment",
            summary=f"{WORDS['org_a']} summary",
            audience=Audience.ORGANISATIONS,
            asset_type=Asset.Type.TECHNICAL_UPDATE,
            file=SimpleUploadedFile("guide.pdf", PDF),
            **common,
        ),
        "signed_in": make_question(
            title=f"{WORDS['signed_in']} question", audience=Audience.SIGNED_IN, **common
        ),
        "customers": make_session(
            title=f"{WORDS['customers']} lab day", audience=Audience.CUSTOMERS, **common
        ),
    }
    items["org_a"].audience_organisations.set([org_a])
    clients = {"anonymous": Client()}
    for name, organisation in [("a", org_a), ("b", org_b), ("none", None)]:
        user = get_user_model().objects.create_user(name, f"{name}@{name}.example")
        if organisation:
            Membership.objects.create(organisation=organisation, user=user)
        clients[name] = Client()
        clients[name].force_login(user)
    return {"items": items, "clients": clients, "area": area}


def words_in(text):
    return {key for key, word in WORDS.items() if word.lower() in text.lower()}


def addresses_in(world, text):
    """Return the items whose address is in `text` (a search page also repeats
    the query, so its words alone prove nothing)."""
    return {key for key, item in world["items"].items() if item.get_absolute_url() in text}


def get(world, visitor, url, **headers):
    return world["clients"][visitor].get(url, **headers)


def test_detail_pages(world):
    for visitor in VISITORS:
        for key, item in world["items"].items():
            response = get(world, visitor, item.get_absolute_url())
            if key in READS[visitor]:
                assert response.status_code == 200, (visitor, key)
                assert WORDS[key] in response.text
            elif key == "partners":
                # The teaser: title, summary and a way in, never the body.
                assert response.status_code == 200, (visitor, key)
                assert "Partner enablement in brief." in response.text
                assert f"The {WORDS['partners']} body text." not in response.text
                assert response["X-Robots-Tag"] == "noindex"
            else:
                assert response.status_code == 404, (visitor, key)
                assert words_in(response.text) == set(), (visitor, key)


def test_gated_pages_are_never_indexed_and_never_shared(world):
    page = get(world, "a", world["items"]["org_a"].get_absolute_url())
    assert page["X-Robots-Tag"] == "noindex"
    assert "private" in page["Cache-Control"]
    assert "ETag" not in page
    teaser = get(world, "anonymous", world["items"]["partners"].get_absolute_url())
    assert 'name="robots" content="noindex"' in teaser.text


def test_sign_in_to_read_on_the_anonymous_teaser(world):
    teaser = get(world, "anonymous", world["items"]["partners"].get_absolute_url())
    assert "Sign in to read" in teaser.text
    assert 'type="application/ld+json"' not in teaser.text


def test_json_ld_of_a_readable_gated_item_reaches_its_audience_only(world):
    url = world["items"]["org_a"].get_absolute_url()
    page = get(world, "a", url).text
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert any(WORDS["org_a"] in json.dumps(json.loads(block)) for block in blocks)


def test_downloads(world):
    url = reverse("library:download", args=[world["items"]["org_a"].slug])
    for visitor in VISITORS:
        response = get(world, visitor, url)
        if visitor == "a":
            assert response.status_code == 200
            assert b"".join(response.streaming_content).startswith(b"%PDF")
        else:
            assert response.status_code == 404, visitor


def test_feeds_and_sitemap_hold_only_what_everyone_may_read(world):
    for visitor in VISITORS:
        for url in [
            reverse("feeds:updates-rss"),
            reverse("feeds:updates-atom"),
            reverse("feeds:area-rss", args=["insider-risk"]),
            "/sitemap.xml",
        ]:
            response = get(world, visitor, url)
            assert response.status_code == 200, url
            text = response.content.decode()
            assert addresses_in(world, text) == {"public"}, (visitor, url)
            assert words_in(text) <= {"public"}, (visitor, url)


def test_search_page_api_suggestions_and_corrections(world):
    for visitor in VISITORS:
        for key, word in WORDS.items():
            address = world["items"][key].get_absolute_url()
            page = get(world, visitor, reverse("search:search"), data={"q": word}).text
            api = get(world, visitor, reverse("search-api"), data={"q": word}).json()
            suggest = get(world, visitor, reverse("search-api"), data={"q": word[:4]}).json()
            may = key in READS[visitor]
            # Result links go through the click-counting redirect (/search/go/?to=...).
            linked = address in page or quote(address, safe="") in page
            assert linked is may, (visitor, key)
            assert (api["total"] > 0) is may, (visitor, key, api)
            assert any(word in hit["title"] for hit in suggest["results"]) is may, (visitor, key)
            # A typo is corrected only towards words the visitor may read.
            typo = get(world, visitor, reverse("search:search"), data={"q": word[:-1] + "x"})
            if not may:
                assert word.lower() not in typo.text.lower(), (visitor, key)


def test_lists_area_tag_and_home_pages(world):
    area_url = world["area"].get_absolute_url()
    for visitor in VISITORS:
        for url in [area_url, reverse("tags:detail", args=["gated"]), "/", reverse("library:list")]:
            text = get(world, visitor, url).text
            seen = words_in(text) - {"partners"}
            assert seen <= READS[visitor], (visitor, url, seen)
        tag_page = get(world, visitor, reverse("tags:detail", args=["gated"])).text
        assert words_in(tag_page) == READS[visitor] | {"partners"}, visitor
        library = get(world, visitor, reverse("library:list")).text
        assert WORDS["partners"] in library
        locked = "partners" not in READS[visitor]
        assert ("For partners: sign in to read." in library) is locked, visitor


def test_related_items(world):
    url = world["items"]["public"].get_absolute_url()
    for visitor in VISITORS:
        related = get(world, visitor, url).text.split("Related material")[-1]
        assert words_in(related) - {"public"} <= READS[visitor], visitor


def test_calendar_files(world):
    url = reverse("events:calendar", args=[world["items"]["customers"].slug])
    for visitor in VISITORS:
        response = get(world, visitor, url)
        if visitor == "b":
            assert response.status_code == 200
            event = Calendar.from_ical(response.content).walk("VEVENT")[0]
            assert WORDS["customers"] in str(event["SUMMARY"])
        else:
            assert response.status_code == 404, visitor


def test_a_session_for_customers_takes_registrations_only_from_customers(world):
    session = world["items"]["customers"]
    form = {
        "name": "Lee",
        "email": "lee@example.com",
        "company": "Example",
        "job_title": "Engineer",
        "consent": "on",
    }
    for visitor in ["a", "none", "anonymous"]:
        refused = world["clients"][visitor].post(session.get_absolute_url(), form)
        assert refused.status_code == 404, visitor
    assert not session.registrations.exists()
    accepted = world["clients"]["b"].post(session.get_absolute_url(), form)
    assert accepted.status_code == 302
    assert session.registrations.count() == 1


def test_four_visitors_interleaved_on_the_same_addresses(world):
    """Whatever order they come in, and with the validators the others got,
    each visitor is served their own page: the cache never crosses over."""
    urls = [
        world["items"]["partners"].get_absolute_url(),
        world["items"]["org_a"].get_absolute_url(),
        world["area"].get_absolute_url(),
        reverse("tags:detail", args=["gated"]),
        reverse("library:list"),
        reverse("search:search") + "?q=" + WORDS["org_a"],
        reverse("search-api") + "?q=" + WORDS["signed_in"],
        "/",
    ]
    order = ["anonymous", "a", "anonymous", "b", "none", "a", "anonymous", "b", "anonymous"]
    etags = {}
    for url in urls:
        first = {}
        for visitor in order:
            headers = {}
            # Replay the validator someone else got, as a shared proxy might.
            other = next((tag for who, tag in etags.items() if who != visitor and tag), None)
            if other:
                headers["HTTP_IF_NONE_MATCH"] = other
            response = get(world, visitor, url, **headers)
            body = response.content.decode()
            if response.status_code == 304:
                # Only an anonymous visitor may revalidate, and only against
                # the page every anonymous visitor gets.
                assert visitor == "anonymous", (url, visitor)
                assert other == etags.get("anonymous"), url
                continue
            # A 404 names its own address, and a search page repeats its query.
            seen = addresses_in(world, body.replace(url, ""))
            seen |= set() if "q=" in url else words_in(body)
            seen -= {"partners"}
            assert seen <= READS[visitor], (url, visitor, seen)
            if visitor != "anonymous":
                assert "private" in response.get("Cache-Control", ""), (url, visitor)
                assert not response.has_header("ETag"), (url, visitor)
            first.setdefault(visitor, body)
            # The same visitor gets the same page each time (the anonymous from the cache).
            assert re.sub(r"csrfmiddlewaretoken\" value=\"\w+", "", body) == re.sub(
                r"csrfmiddlewaretoken\" value=\"\w+", "", first[visitor]
            ), (url, visitor)
            etags[visitor] = response.get("ETag")
        etags.clear()
