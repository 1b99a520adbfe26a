"""Views, downloads, searches and clicks are counted, cheaply and without anything personal."""

import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from content.insights import recording
from content.insights.models import NO_ITEM, DailyTotal, Event, Kind
from tests.factories import make_asset, make_question
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db


def totals(kind):
    return {
        (row.item, row.query): (row.count, row.misses, row.position_sum)
        for row in DailyTotal.objects.filter(kind=kind).exclude(item=0, query="")
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  LDAP   Sync ", "ldap sync"),
        ("mail jane.doe@example.com quarantine", "mail [email] quarantine"),
        ("call +44 (0)20 7946 0958 please", "call [phone] please"),
        ("555-123-4567", "[phone]"),
        ("port 587 and 25", "port 587 and 25"),
        ("error 0x80070005", "error 0x80070005"),
    ],
)
def test_queries_are_stored_lower_case_with_emails_and_phone_numbers_masked(typed, stored):
    assert recording.mask_query(typed) == stored


def test_a_huge_query_is_masked_in_a_moment():
    # Each regex scans such a query once: from every letter it took seconds.
    for query in ["x" * 100_000, "x" * 100_000 + "@example.com", "1 " * 50_000]:
        started = time.process_time()
        recording.mask_query(query)
        assert time.process_time() - started < 0.5, query[:20]


@pytest.mark.usefixtures("page_cache")
def test_views_count_for_pages_the_page_cache_answers_too(client):
    question = make_question(title="Which ports are used?")
    for number in range(3):
        response, queries = get_counting_queries(client, question.get_absolute_url())
        assert response.status_code == 200
        if number:  # from the page cache: the view never ran
            assert queries == 0
    assert recording.waiting() == 3
    assert recording.flush() == 3
    today = timezone.localdate()
    assert totals(Kind.VIEW) == {(question.pk, ""): (3, 0, 0)}
    assert set(DailyTotal.objects.filter(kind=Kind.VIEW).values_list("day", "count")) == {
        (today, 3)
    }
    assert Event.objects.filter(kind=Kind.VIEW, item=question.pk).count() == 3


def test_lists_missing_pages_robots_and_heads_are_not_counted(client):
    question = make_question()
    client.get("/faq/")
    client.get("/faq/no-such-question/")
    client.head(question.get_absolute_url())
    client.get(question.get_absolute_url(), headers={"user-agent": "Googlebot/2.1"})
    assert recording.waiting() == 0


def test_downloads_count_per_asset(client):
    asset = make_asset()
    asset.file.save("guide.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    response = client.get(asset.get_download_url())
    assert response.status_code == 200
    b"".join(response.streaming_content) if response.streaming else response.content
    recording.flush()
    assert totals(Kind.DOWNLOAD) == {(asset.pk, ""): (1, 0, 0)}


@pytest.mark.usefixtures("page_cache")
def test_searches_count_with_whether_they_found_anything_and_refinements_do_not(client):
    make_question(title="Directory synchronisation interval", body="Sync runs every four hours.")
    client.get("/search/?q=Directory")
    client.get("/search/?q=directory")  # answered by the page cache
    client.get("/search/?q=zebra+crossings")
    client.get("/search/?q=zebra+crossings")  # never cached: found nothing
    client.get("/search/?q=directory&page=2")
    client.get("/search/?q=directory&kind=faq")
    client.get("/search/?q=")
    recording.flush()
    assert totals(Kind.SEARCH) == {
        (NO_ITEM, "directory"): (2, 0, 0),
        (NO_ITEM, "zebra crossings"): (2, 2, 0),
    }
    # The day's row, which the page sums, holds all four.
    day = DailyTotal.objects.filter(kind=Kind.SEARCH).days().get()
    assert (day.day, day.count, day.misses) == (timezone.localdate(), 4, 2)


def test_result_links_go_through_the_counting_redirect_to_the_result(client):
    question = make_question(title="Directory synchronisation interval")
    page = client.get("/search/?q=directory")
    link = "/search/go/?" + urlencode(
        {"to": question.get_absolute_url(), "q": "directory", "position": 1}
    )
    assert f'href="{link.replace("&", "&amp;")}"' in page.text
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert "no-store" in response["Cache-Control"]
    recording.flush()
    assert totals(Kind.CLICK) == {(question.pk, "directory"): (1, 0, 1)}


def test_second_page_results_carry_their_overall_position(client):
    for number in range(12):
        make_question(title=f"Quarantine rule {number}")
    page = client.get("/search/?q=quarantine&page=2")
    assert "position=11" in page.text and "position=12" in page.text


@pytest.mark.parametrize(
    "to",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_a_click_link_leading_off_the_site_is_refused_with_400(client, to):
    response = client.get("/search/go/?" + urlencode({"to": to, "q": "x", "position": 1}))
    assert response.status_code == 400
    assert recording.waiting() == 0


def test_nothing_about_the_visitor_is_stored(client):
    question = make_question(title="Directory synchronisation interval")
    client.cookies["csrftoken"] = "a" * 32
    client.get(
        "/search/?q=write to jane@example.com",
        REMOTE_ADDR="203.0.113.9",
        headers={"user-agent": "Firefox/140"},
    )
    client.get(question.get_absolute_url(), REMOTE_ADDR="203.0.113.9")
    recording.flush()
    stored = " ".join(
        str(value)
        for table in (Event, DailyTotal)
        for row in table.objects.values()
        for value in row.values()
    )
    for personal in ("203.0.113", "jane", "example.com", "Firefox", "a" * 32):
        assert personal not in stored
    assert {field.name for field in Event._meta.fields} == {
        "id",
        "at",
        "kind",
        "item",
        "query",
        "position",
        "found",
    }


def test_flush_waits_for_enough_events_or_for_time(settings):
    settings.INSIGHTS_FLUSH_EVENTS = 3
    settings.INSIGHTS_FLUSH_SECONDS = 60
    recording.record(Kind.SEARCH, query="a")
    recording.record(Kind.SEARCH, query="b")
    recording.flush_if_due()
    assert recording.waiting() == 2
    recording.record(Kind.SEARCH, query="c")
    recording.flush_if_due()
    assert recording.waiting() == 0
    assert Event.objects.count() == 3
    settings.INSIGHTS_FLUSH_SECONDS = 0
    recording.record(Kind.SEARCH, query="d")
    recording.flush_if_due()
    assert Event.objects.count() == 4


def test_flushes_from_several_processes_add_up(settings):
    for _ in range(2):
        recording.record(Kind.SEARCH, query="ldap", found=False)
        recording.flush()
    assert totals(Kind.SEARCH) == {(NO_ITEM, "ldap"): (2, 2, 0)}


def test_events_wait_when_the_database_refuses_them():
    recording.record(Kind.SEARCH, query="ldap")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE insights_event RENAME TO insights_event_away")
    try:
        assert recording.flush() == 0
        assert recording.waiting() == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE insights_event_away RENAME TO insights_event")
    assert recording.flush() == 1


def test_events_count_once_the_response_has_gone_out(client, settings):
    settings.INSIGHTS_FLUSH_EVENTS = 2
    question = make_question()
    client.get(question.get_absolute_url())
    assert Event.objects.count() == 0
    client.get(question.get_absolute_url())
    assert Event.objects.count() == 2


def test_purge_removes_old_raw_events_and_keeps_daily_totals(settings):
    settings.INSIGHTS_EVENTS_KEEP_DAYS = 400
    now = timezone.now()
    old = Event.objects.create(at=now - timedelta(days=401), kind=Kind.SEARCH, query="old")
    kept = Event.objects.create(at=now - timedelta(days=399), kind=Kind.SEARCH, query="kept")
    DailyTotal.objects.create(
        day=(now - timedelta(days=401)).date(), kind=Kind.SEARCH, query="old", count=1
    )
    call_command("purge_registrations")
    assert list(Event.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Event.objects.filter(pk=old.pk).exists()
    assert DailyTotal.objects.filter(query="old").exists()
