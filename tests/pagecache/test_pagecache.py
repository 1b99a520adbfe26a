"""Public pages are cacheable, served from the shared cache, and never stale or shared wrongly."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path
from django.utils import timezone
from django.utils.http import http_date

from content.core import changes
from content.core.models import Content
from tests.factories import make_area, make_asset, make_question, make_registration, make_session
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db


def test_public_page_sends_validators_and_answers_304_to_a_matching_etag(client):
    make_question(title="Which ports are used?")
    response = client.get("/faq/")
    assert response.status_code == 200
    assert response["ETag"]
    assert "public" in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]
    again = client.get("/faq/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_changed_page_answers_200_to_an_old_etag(client):
    question = make_question(title="Which ports are used?")
    etag = client.get("/faq/")["ETag"]
    question.title = "Which ports does the gateway use?"
    question.save()
    response = client.get("/faq/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Which ports does the gateway use?" in response.text


def test_cached_page_is_served_without_queries_and_with_last_modified(client, page_cache):
    make_asset(title="Routing checklist")
    first, first_queries = get_counting_queries(client, "/library/")
    second, second_queries = get_counting_queries(client, "/library/")
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]
    assert second["Content-Length"] == str(len(second.content))
    # The security headers of the middleware around the cache are still there.
    assert second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_conditional_request_on_a_cached_page_answers_304(client, page_cache):
    make_asset(title="Routing checklist")
    first = client.get("/library/")
    by_date = client.get("/library/", headers={"if-modified-since": first["Last-Modified"]})
    by_etag = client.get("/library/", headers={"if-none-match": first["ETag"]})
    assert by_date.status_code == 304
    assert by_etag.status_code == 304


def test_editing_an_item_shows_on_the_next_request(client, page_cache):
    asset = make_asset(title="Routing checklist", body="Check port 25.")
    assert "Check port 25." in client.get(asset.get_absolute_url()).text
    assert "Routing checklist" in client.get("/library/").text
    asset.title = "Mail routing checklist"
    asset.body = "Check port 587."
    asset.save()
    assert "Check port 587." in client.get(asset.get_absolute_url()).text
    assert "Mail routing checklist" in client.get("/library/").text


def test_a_feedback_answer_leaves_cached_pages_in_place_and_an_edit_refreshes_them(
    client, page_cache
):
    asset = make_asset(title="Routing checklist")
    question = make_question(title="Which ports are used?")
    client.get("/library/")
    for item in (asset, question):
        visitor = Client()
        visitor.get(item.get_absolute_url())
        answer = visitor.post(item.get_absolute_url(), {"helpful": "yes", "comment": "Clear."})
        assert answer.status_code == 302
    # Nobody sees the answers but their writers: the cached pages still stand.
    _, queries = get_counting_queries(client, "/library/")
    assert queries == 0
    asset.title = "Mail routing checklist"
    asset.save()
    response, queries = get_counting_queries(client, "/library/")
    assert queries > 0
    assert "Mail routing checklist" in response.text


def test_publishing_and_unpublishing_show_on_the_next_request(client, page_cache):
    draft = make_question(title="When does sync run?", status=Content.Status.DRAFT)
    assert "When does sync run?" not in client.get("/faq/").text
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.status = Content.Status.PUBLISHED
    draft.save()
    assert "When does sync run?" in client.get("/faq/").text
    assert client.get(draft.get_absolute_url()).status_code == 200
    draft.status = Content.Status.DRAFT
    draft.save()
    assert "When does sync run?" not in client.get("/faq/").text
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_deleting_an_item_and_renaming_an_area_show_on_the_next_request(client, page_cache):
    area = make_area(name="Insider Risk", slug="insider-risk")
    asset = make_asset(title="Leaver playbook", area=area)
    assert "Leaver playbook" in client.get("/library/").text
    asset.delete()
    assert "Leaver playbook" not in client.get("/library/").text
    area.name = "Insider Threat"
    area.save()
    assert "Insider Threat" in client.get("/").text


def test_new_tags_and_registrations_show_on_the_next_request(client, page_cache):
    asset = make_asset(title="Routing checklist")
    session = make_session(title="London day", capacity=3)
    assert "3 seats left" in client.get(session.get_absolute_url()).text
    client.get(asset.get_absolute_url())
    asset.tags.add("smtp-relay")
    make_registration(session)
    assert "smtp-relay" in client.get(asset.get_absolute_url()).text
    assert "2 seats left" in client.get(session.get_absolute_url()).text


def test_generation_ends_when_the_next_scheduled_item_is_due(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    make_question(publish_at=timezone.now() + timedelta(seconds=90))
    assert 1 <= changes.seconds_to_next_change() <= 91
    make_session(
        starts_at=timezone.now() + timedelta(seconds=30),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    assert 1 <= changes.seconds_to_next_change() <= 31


def test_generation_lasts_at_most_page_cache_seconds(settings):
    settings.PAGE_CACHE_SECONDS = 120
    make_question(publish_at=timezone.now() + timedelta(days=3))
    assert changes.seconds_to_next_change() == 120


def test_visitor_with_a_session_cookie_gets_a_fresh_page(client, page_cache):
    make_asset(title="Routing checklist")
    client.get("/library/")
    client.cookies["sessionid"] = "someone"
    response = client.get("/library/")
    # Not the stored page, which carries the generation as Last-Modified,
    # and nothing a shared cache may keep.
    assert "Last-Modified" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_admin_and_health_checks_are_never_cached(client, page_cache):
    for url in ("/healthz", "/admin/login/"):
        response = client.get(url)
        assert "ETag" not in response
        assert "public" not in response.get("Cache-Control", "")


renders = []


def form_page(request):
    if request.method == "POST":
        return HttpResponse("sent")
    renders.append(request)
    template = engines["django"].from_string(
        '<form method="post">{% csrf_token %}<button>Send</button></form>'
        '<form method="post">{% csrf_token %}<button>Also</button></form>'
    )
    return HttpResponse(template.render({}, request))


def nonce_page(request):
    template = engines["django"].from_string("<script nonce={{ csp_nonce }}></script>")
    return HttpResponse(template.render({}, request))


def echo_page(request):
    renders.append(request)
    return HttpResponse(f"<a href='?{request.GET.urlencode()}'>again</a>")


urlpatterns = [path("form/", form_page), path("nonce/", nonce_page), path("echo/", echo_page)]


def tokens(response):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', response.text)


@pytest.mark.urls(__name__)
def test_csrf_token_of_one_visitor_never_reaches_another(client, page_cache):
    renders.clear()
    first = client.get("/form/")
    other_visitor = Client(enforce_csrf_checks=True)
    second = other_visitor.get("/form/")
    assert len(renders) == 1, "the second visitor gets the cached page"
    assert len(tokens(second)) == 2
    assert not set(tokens(first)) & set(tokens(second))
    assert "\x00" not in second.text
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    for response in (first, second):
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "ETag" not in response
    # The token each visitor was given is their own, and it works.
    posted = other_visitor.post("/form/", {"csrfmiddlewaretoken": tokens(second)[1]})
    assert posted.status_code == 200
    assert posted.text == "sent"


@pytest.mark.urls(__name__)
def test_a_returning_visitor_gets_the_cached_form_with_tokens_for_their_own_cookie(
    client, page_cache
):
    renders.clear()
    client.get("/form/")  # stores the page
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/form/")
    secret = visitor.cookies["csrftoken"].value
    again = visitor.get("/form/")
    assert len(renders) == 1, "both of the visitor's requests were answered from the cache"
    assert visitor.cookies["csrftoken"].value == secret
    assert "\x00" not in again.text
    posted = visitor.post("/form/", {"csrfmiddlewaretoken": tokens(again)[0]})
    assert posted.text == "sent"


@pytest.mark.urls(__name__)
def test_page_with_a_csp_nonce_is_not_stored(client, page_cache):
    first = client.get("/nonce/")
    second = client.get("/nonce/")
    assert first.content != second.content
    assert "private" in second["Cache-Control"]


def test_last_modified_is_when_the_generation_started(client, page_cache):
    make_question()
    response = client.get("/faq/")
    generation = cache.get(changes.GENERATION_KEY)
    assert response["Last-Modified"] == http_date(generation)


@pytest.mark.urls(__name__)
def test_tracking_parameters_and_their_order_make_no_new_page(client, page_cache):
    renders.clear()
    first = client.get("/echo/?b=2&a=1&utm_campaign=1")
    for address in (
        "/echo/?a=1&b=2",
        "/echo/?b=2&a=1&utm_campaign=2&UTM_source=mail",
        "/echo/?a=1&fbclid=x&b=2&gclid=y",
    ):
        response = client.get(address)
        assert response.status_code == 200
        assert response.content == first.content
    assert len(renders) == 1, "one page, stored once"
    # The view never saw the first visitor's campaign, so no link carries it.
    assert first.text == "<a href='?b=2&a=1'>again</a>"
    client.get("/echo/?a=1&b=3")
    client.get("/echo/?a=1&b=2&page=2")
    assert len(renders) == 3, "a parameter a page reads is a page of its own"


@pytest.mark.urls(__name__)
def test_no_more_pages_are_stored_than_the_bound(client, page_cache, settings):
    settings.PAGE_CACHE_MAX_PAGES = 3
    renders.clear()
    for number in range(5):
        client.get(f"/echo/?q={number}")
    for number in range(5):
        client.get(f"/echo/?q={number}")
    # The first three were stored and served again; the others were rendered twice.
    assert len(renders) == 5 + 2


def test_without_a_reachable_cache_pages_are_served_fresh(client, page_cache, settings):
    make_question(title="Which ports are used?")
    settings.CACHES = {
        "default": {
            "BACKEND": "content.pagecache.backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    first = client.get("/faq/")
    second = client.get("/faq/")
    assert first.status_code == second.status_code == 200
    assert "Which ports are used?" in second.text


def test_a_fresh_render_counts_the_library_facets_once_per_change(client, page_cache):
    area = make_area(name="Insider Risk", slug="insider-risk")
    make_asset(title="Routing checklist", area=area)
    client.cookies["sessionid"] = "someone"  # every page rendered afresh
    _, first_queries = get_counting_queries(client, "/library/?area=insider-risk")
    again, again_queries = get_counting_queries(client, "/library/?area=insider-risk")
    # The four facet counts come from the cache the second time.
    assert again_queries <= first_queries - 4
    assert "Insider Risk (1)" in re.sub(r"\s+", " ", again.text.replace("</span>", ""))
    make_asset(title="Leaver playbook", area=area)
    fresh = client.get("/library/?area=insider-risk").text
    assert "Leaver playbook" in fresh
    assert "Insider Risk (2)" in re.sub(r"\s+", " ", fresh.replace("</span>", ""))
