"""The search page, the FAQ search, the JSON API and the OpenSearch description."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from content.core.models import Content
from content.search.models import SearchGap
from tests.factories import make_area, make_asset, make_question, make_registration, make_session
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db

BAD_INPUT = [
    {"q": ""},
    {"q": "x" * 1000},
    {"q": "émoji 😀 中文"},
    {"q": "nul\x00byte"},
    {"q": "& | ! ( ) : * ' \\"},
    {"q": '"unbalanced'},
    {"q": "policy", "kind": "nonsense"},
    {"q": "policy", "area": "nowhere"},
    {"q": "policy", "page": "-3"},
    {"q": "policy", "page": "99999999999999999999999"},
    {"q": "policy", "page": "two"},
    {"q": "policy", "tag": ["<script>", "x" * 500]},
]


@pytest.fixture
def content():
    area = make_area(name="Insider Risk", slug="insider-risk")
    make_question(
        title="Which policy applies?", body="Policy scope decides.", area=area, tags=["policies"]
    )
    make_asset(title="Policy template", body="A template for DLP.", tags=["templates"])


def test_search_page_shows_title_kind_area_and_highlighted_snippet(client, content):
    response = client.get("/search/", {"q": "scope"})
    assert response.status_code == 200
    text = response.text
    assert "Which policy applies?" in text
    assert "FAQ question" in text
    assert "Insider Risk" in text
    assert "<mark>scope</mark>" in text
    assert "1 result for" in text


def test_facet_links_keep_the_query_and_narrow(client, content):
    response = client.get("/search/", {"q": "policy"})
    assert 'href="?q=policy&amp;kind=asset"' in response.text
    assert 'href="?q=policy&amp;area=insider-risk"' in response.text
    assert 'href="?q=policy&amp;tag=templates"' in response.text
    narrowed = client.get("/search/", {"q": "policy", "kind": "asset"})
    assert "Policy template" in narrowed.text
    assert "Which policy applies?" not in narrowed.text


def test_the_folded_facets_say_how_many_filters_apply(client, content):
    assert "<summary>Filter</summary>" in client.get("/search/", {"q": "policy"}).text
    narrowed = client.get("/search/", {"q": "policy", "kind": "asset", "tag": "templates"})
    assert "<summary>Filter (2 applied)</summary>" in narrowed.text


def test_no_results_offers_faq_library_and_contact_and_records_the_gap(client, content):
    response = client.get("/search/", {"q": "Kerberos tickets"})
    assert response.status_code == 200
    assert "Nothing matched" in response.text
    for link in ['href="/faq/"', 'href="/library/"', 'href="/contact/?topic=support"']:
        assert link in response.text
    client.get("/search/", {"q": "kerberos   TICKETS"})
    gap = SearchGap.objects.get()
    assert (gap.query, gap.count) == ("kerberos tickets", 2)


def test_query_with_markup_is_shown_as_text(client, content):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text


@pytest.mark.parametrize("params", BAD_INPUT)
def test_bad_input_gives_a_normal_page(client, content, params):
    response = client.get("/search/", params)
    assert response.status_code == 200


def test_search_page_pages_through_results(client):
    for number in range(15):
        make_question(title=f"Quarantine release {number}")
    first = client.get("/search/", {"q": "quarantine"})
    assert "Page 1 of 2" in first.text
    assert 'href="?q=quarantine&amp;page=2"' in first.text
    assert "Page 2 of 2" in client.get("/search/", {"q": "quarantine", "page": 2}).text


def test_a_session_result_shows_its_date_and_seats_left_not_its_agenda(client):
    starts = timezone.make_aware(timezone.datetime(2031, 3, 4, 9, 30), timezone.UTC)
    session = make_session(
        title="Quarantine deep dive",
        body="Agenda: coffee, then quarantine rules.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=7),
        time_zone="Europe/London",
        capacity=5,
    )
    make_registration(session)
    text = client.get("/search/", {"q": "quarantine"}).text
    assert "Tuesday 4 March 2031, 09:30–16:30 GMT" in text
    assert "4 seats left" in text
    assert "coffee" not in text


def test_search_page_query_count_does_not_grow_with_content(client):
    def count():
        return get_counting_queries(client, "/search/", {"q": "quarantine", "tag": "common"})[1]

    for number in range(3):
        make_question(title=f"Quarantine {number}", tags=["common", f"tag-{number}"])
    count()  # content types are looked up once per process, then cached
    small = count()
    for number in range(30):
        make_asset(title=f"Quarantine guide {number}", tags=["common", f"tag-{number}"])
        make_registration(make_session(title=f"Quarantine day {number}", tags=["common"]))
    assert count() == small


def test_header_search_box_sends_visitors_to_search_and_loads_suggestions(client):
    text = client.get("/").text
    assert 'action="/search/"' in text
    assert 'id="site-search-q"' in text
    assert 'data-suggest-url="/api/search"' in text
    assert "js/search.js" in text
    assert 'rel="search" type="application/opensearchdescription+xml"' in text


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    assert f'template="{settings.SITE_URL}/search/?q={{searchTerms}}"' in response.text


def test_faq_search_shows_matching_questions_with_answers_highlighted(client, content):
    make_question(title="When does sync run?", body="Every 15 minutes.", topic="Directory")
    response = client.get("/faq/", {"q": "policy"})
    assert response.status_code == 200
    assert "Which policy applies?" in response.text
    assert "<mark>Policy</mark> scope decides." in response.text
    assert "When does sync run?" not in response.text
    assert "Policy template" not in response.text  # an asset, not a question


def test_faq_without_query_keeps_topics_and_anchors(client, content):
    make_question(title="When does sync run?", topic="Directory synchronisation")
    response = client.get("/faq/")
    assert 'id="directory-synchronisation"' in response.text
    assert 'href="#directory-synchronisation"' in response.text


def test_a_gap_never_keeps_an_address_or_a_number_someone_typed(client, content):
    client.get("/search/", {"q": "jane.doe@example.com +44 20 7946 0958"})
    (query,) = SearchGap.objects.values_list("query", flat=True)
    assert "jane" not in query
    assert "7946" not in query


def test_faq_search_that_finds_nothing_is_a_gap_too(client, content):
    client.get("/faq/", {"q": "kerberos"})
    assert SearchGap.objects.get().query == "kerberos"


@pytest.mark.parametrize("url", ["/search/", "/faq/"])
def test_a_search_with_no_word_to_look_for_is_no_gap(client, editor_client, content, url):
    for query in ["", "   ", "-", "-kerberos", '-"saml metadata"']:
        client.get(url, {"q": query})
    client.get(url, {"q": "kerberos"})
    response = editor_client.get("/admin/search/searchgap/")
    assert "1 search gap" in response.text
    assert ">kerberos<" in response.text


@pytest.mark.parametrize("params", BAD_INPUT)
def test_faq_search_never_fails(client, content, params):
    assert client.get("/faq/", params).status_code == 200


def test_api_returns_ranked_results_as_json(client, content):
    response = client.get("/api/search", {"q": "policy", "limit": 5})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "policy"
    assert data["total"] == 2
    first = data["results"][0]
    assert set(first) == {"title", "url", "kind", "area", "snippet"}
    assert {result["title"] for result in data["results"]} == {
        "Policy template",
        "Which policy applies?",
    }
    assert first["url"].startswith(f"{settings.SITE_URL}/")


def test_api_narrows_by_kind_and_area_and_limits(client, content):
    data = client.get("/api/search", {"q": "policy", "kind": "faq"}).json()
    assert [r["title"] for r in data["results"]] == ["Which policy applies?"]
    data = client.get("/api/search", {"q": "policy", "area": "insider-risk"}).json()
    assert [r["area"] for r in data["results"]] == ["Insider Risk"]
    assert len(client.get("/api/search", {"q": "policy", "limit": 1}).json()["results"]) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "policy", "kind": "nonsense"}, "kind"),
        ({"q": "policy", "area": "nowhere"}, "area"),
        ({"q": "policy", "limit": "0"}, "limit"),
        ({"q": "policy", "limit": "1000"}, "limit"),
        ({"q": "policy", "limit": "ten"}, "limit"),
        ({"q": "policy", "page": "-1"}, "page"),
        ({"q": "policy", "page": "99999999999999999999999"}, "page"),
    ],
)
def test_api_bad_parameters_give_a_clear_400(client, content, params, field):
    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert field in response.json()["errors"]


@pytest.mark.parametrize("query", ["", "x" * 1000, "nul\x00", "& | ! ( ) : * ' \\", '"odd'])
def test_api_odd_queries_give_json(client, content, query):
    response = client.get("/api/search", {"q": query})
    assert response.status_code == 200
    assert response.json()["total"] >= 0


def test_api_snippet_is_escaped_html_with_marks(client):
    make_question(title="Escaping", body="Paste <b>bold</b> into the gateway field.")
    (result,) = client.get("/api/search", {"q": "gateway"}).json()["results"]
    assert "<b>" not in result["snippet"]
    assert result["snippet"].startswith("Paste bold into the <mark>gateway</mark>")


def test_api_is_rate_limited(client, content, settings):
    cache.clear()  # counts from other tests' requests
    settings.RATELIMITS = {**settings.RATELIMITS, "search-api": "2/m"}
    responses = [client.get("/api/search", {"q": "policy"}) for _ in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 429]
    refused = responses[-1]
    assert refused["Content-Type"] == "application/json"
    assert "Too many requests" in refused.json()["error"]
    assert int(refused["Retry-After"]) > 0


@pytest.mark.parametrize("path", ["/search/", "/faq/"])
def test_one_client_adds_only_its_share_of_new_gaps_but_old_ones_still_count(
    client, content, settings, path
):
    settings.RATELIMITS = {**settings.RATELIMITS, "search-gaps": "3/h"}
    for number in range(10):
        response = client.get(path, {"q": f"madeup{number}"})
        assert response.status_code == 200
    assert sorted(SearchGap.objects.values_list("query", flat=True)) == [
        "madeup0",
        "madeup1",
        "madeup2",
    ]
    client.get(path, {"q": "madeup0"})
    assert SearchGap.objects.get(query="madeup0").count == 2
    client.get(path, {"q": "madeup2"}, REMOTE_ADDR="192.0.2.7")
    client.get(path, {"q": "kerberos"}, REMOTE_ADDR="192.0.2.7")
    assert SearchGap.objects.get(query="madeup2").count == 2
    assert SearchGap.objects.filter(query="kerberos").exists()


def test_no_new_gaps_once_search_gaps_max_are_kept(client, content, settings):
    settings.SEARCH_GAPS_MAX = 2
    for number, address in enumerate(["192.0.2.1", "192.0.2.2", "192.0.2.3"]):
        client.get("/search/", {"q": f"madeup{number}"}, REMOTE_ADDR=address)
    assert SearchGap.objects.count() == 2
    client.get("/search/", {"q": "madeup1"}, REMOTE_ADDR="192.0.2.4")
    assert SearchGap.objects.get(query="madeup1").count == 2


@pytest.mark.parametrize("path", ["/search/", "/faq/"])
def test_every_search_that_finds_nothing_counts_with_the_page_cache_on(
    client, content, page_cache, path
):
    for _ in range(3):
        response = client.get(path, {"q": "kerberos"})
        assert "no-store" in response["Cache-Control"]
        assert "ETag" not in response
    assert SearchGap.objects.get().count == 3


@pytest.mark.parametrize("path", ["/search/", "/faq/"])
def test_searches_that_find_something_are_served_from_the_page_cache(
    client, content, page_cache, path
):
    first, first_queries = get_counting_queries(client, path, {"q": "policy"})
    second, second_queries = get_counting_queries(client, path, {"q": "policy"})
    assert "Which policy applies?" in first.text
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert "public" in second["Cache-Control"]


def test_recording_a_gap_keeps_other_pages_cached(client, content, page_cache):
    client.get("/library/")
    client.get("/search/", {"q": "kerberos"})
    assert get_counting_queries(client, "/library/")[1] == 0


def test_api_rate_limit_counts_what_the_page_cache_does_not_answer(
    client, content, settings, page_cache
):
    settings.RATELIMITS = {**settings.RATELIMITS, "search-api": "2/m"}
    # The same search again comes from the cache and costs nothing: not counted.
    repeated = [client.get("/api/search", {"q": "policy"}).status_code for _ in range(4)]
    others = [client.get("/api/search", {"q": q}).status_code for q in ("scope", "template")]
    assert repeated == [200, 200, 200, 200]
    assert others == [200, 429]


def test_api_rate_limit_counts_head_requests_too(client, content, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "search-api": "2/m"}
    statuses = [client.head("/api/search", {"q": "policy"}).status_code for _ in range(2)]
    assert statuses == [200, 200]
    assert client.get("/api/search", {"q": "scope"}).status_code == 429


def _corrections(client, query):
    """Return the "including … for …" part of the result count, as a visitor reads it."""
    text = client.get("/search/", {"q": query}).text
    match = re.search(r"result[s]? for “[^”]*”(, including [^<:.]*)?[:.]?</p>", text)
    return match.group(1) or ""


def test_corrections_offer_no_word_of_a_draft_or_a_scheduled_item(client):
    make_asset(title="Orchard notes", body="Replay the quarantine digest.")
    make_asset(
        title="Zebracorn launch",
        summary="Codename marmalade.",
        body="Ships with the hippogriff module.",
        status=Content.Status.DRAFT,
    )
    scheduled = make_question(
        title="Basilisk rollout", publish_at=timezone.now() + timedelta(days=2)
    )
    for typo in ["zebracorm", "marmalate", "hippogrif", "basilisc"]:
        assert _corrections(client, typo) == "", typo
    assert _corrections(client, "quarantene") == ", including quarantine for quarantene"
    # Once the scheduled item is due (time passes: nothing is saved), its words count.
    Content.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now())
    assert _corrections(client, "basilisc") == ", including basilisk for basilisc"


def test_unpublishing_or_deleting_an_item_takes_its_words_out_of_the_corrections(
    client, editor_client
):
    unpublished = make_asset(title="Hippogriff module")
    deleted = make_asset(title="Zebracorn launch")
    assert _corrections(client, "hippogrif") == ", including hippogriff for hippogrif"
    assert _corrections(client, "zebracorm") == ", including zebracorn for zebracorm"
    editor_client.post(
        "/admin/library/asset/", {"action": "unpublish", "_selected_action": [unpublished.pk]}
    )
    response = editor_client.post(f"/admin/library/asset/{deleted.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _corrections(client, "hippogrif") == ""
    assert _corrections(client, "zebracorm") == ""


def _status(response):
    """Return the text of the result count, as a screen reader announces it."""
    return re.search(r'role="status">(.*?)</p>', response.text, re.DOTALL).group(1)


def test_a_partial_result_says_so_once_and_never_says_nothing_matched(client):
    make_question(title="SPF records", body="List your senders in SPF.")
    response = client.get("/search/", {"q": "SPF DKIM"})
    status = _status(response)
    assert status.startswith("No page has all the words of “SPF DKIM”, and none mentions dkim.")
    assert "1 result with some of them" in status
    assert "0 results" not in response.text
    assert "Nothing matched" not in response.text
    assert "SPF records" in response.text
    assert 'href="/contact/?topic=support&amp;subject=SPF+DKIM"' in response.text
    # No page mentions DKIM: editors hear of it.
    assert SearchGap.objects.get().query == "spf dkim"


def test_items_with_some_of_the_words_follow_under_their_own_heading(client):
    make_question(title="DKIM signing", body="Sign with a 2048-bit key.")
    make_question(title="DKIM key rotation", body="Rotate the key.")
    response = client.get("/search/", {"q": "dkim key rotation"})
    status = _status(response)
    assert status.startswith("2 results for “dkim key rotation”: 1 with all of its words")
    text = response.text
    heading = text.index("With some of the words")
    assert text.index("DKIM key rotation</a>") < heading < text.index("DKIM signing</a>")
    assert not SearchGap.objects.exists()


def test_a_query_of_filler_words_explains_itself_and_is_no_gap(client, content):
    response = client.get("/search/", {"q": "what is the"})
    assert "holds only words that nearly every page has (what, is, the)" in _status(response)
    assert "Which policy applies?" not in response.text
    assert not SearchGap.objects.exists()


def test_nothing_found_offers_a_spelling_and_the_team(client, content):
    response = client.get("/search/", {"q": "scpe rules"})
    text = response.text
    assert "Nothing matched" in text
    # One click to the index's own spelling ("scpe" is too short to correct unasked).
    assert 'Did you mean <a href="?q=scope+rules">scope rules</a>?' in text
    assert "Which policy applies?" in client.get("/search/", {"q": "scope rules"}).text
    # The team, with the query as the subject of the contact form.
    assert 'href="/contact/?topic=support&amp;subject=scpe+rules"' in text
    form = client.get("/contact/", {"topic": "support", "subject": "scpe rules"})
    assert 'value="scpe rules"' in form.text
    assert SearchGap.objects.filter(query="scpe rules").exists()


def test_a_query_naming_an_area_offers_that_area_and_its_items(client, content):
    text = client.get("/search/", {"q": "insider risk kerberos"}).text
    start = text.index('<section class="search-area-items"')
    section = text[start : text.index("</section>", start)]
    assert 'From <a href="/areas/insider-risk/">Insider Risk</a>, the area you named' in section
    assert ">Which policy applies?</a>" in section
    assert SearchGap.objects.get().query == "insider risk kerberos"


def test_area_pages_are_found_by_their_words(client):
    make_area(
        name="Human Risk Management",
        slug="human-risk-management",
        tagline="Measuring, scoring and lowering human risk.",
        intro="Brings awareness, behaviour data and controls together.",
    )
    make_area(name="Human Risk / Awareness", slug="human-risk-awareness", tagline="Training.")
    make_area(name="Command Centre", slug="command-centre", tagline="The console.")
    query = "difference between human risk awareness and human risk management"
    text = client.get("/search/", {"q": query}).text
    links = re.findall(r'<li><a href="/areas/([^/]+)/">', text)
    assert links == ["human-risk-management", "human-risk-awareness"]
