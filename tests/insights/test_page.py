"""The insights page: each chart shows the seeded numbers, its table and CSV agree,
and only staff with the permission see it."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from content.enquiries.models import Enquiry
from content.faq.models import Feedback
from content.insights.models import Kind
from tests.factories import (
    add_total,
    make_area,
    make_asset,
    make_question,
    make_registration,
    make_session,
)

pytestmark = pytest.mark.django_db

PAGE = "/admin/insights/dailytotal/"


@pytest.fixture
def seeded():
    """Known traffic: this week's and the week before's."""
    email = make_area(name="Email Security")
    awareness = make_area(name="Awareness")
    guide = make_asset(title="Quarantine guide", area=email)
    question = make_question(title="Which ports are used?", area=awareness)
    never = make_question(title="Never opened answer")
    # This week (days 0-6): 30 + 10 searches, 4 found nothing; 6 clicks.
    add_total(0, Kind.SEARCH, 30, query="ldap sync")
    add_total(1, Kind.SEARCH, 10, query="zebra", misses=4)
    add_total(0, Kind.CLICK, 6, item=guide.pk, query="ldap sync", position_sum=9)
    add_total(0, Kind.VIEW, 50, item=guide.pk)
    add_total(2, Kind.VIEW, 20, item=question.pk)
    add_total(2, Kind.DOWNLOAD, 7, item=guide.pk)
    # The week before (days 7-13).
    add_total(8, Kind.SEARCH, 20, query="ldap sync", misses=5)
    add_total(8, Kind.CLICK, 2, item=guide.pk, query="ldap sync", position_sum=2)
    add_total(9, Kind.VIEW, 10, item=guide.pk)
    # Older than both: counts for nothing here.
    add_total(30, Kind.SEARCH, 999, query="old")
    Feedback.objects.create(question=question, browser="a", helpful=True)
    Feedback.objects.create(question=question, browser="b", helpful=False, comment="Port 587?")
    session = make_session(title="Phish & Chips London", capacity=4)
    for status in ["confirmed", "confirmed", "waitlisted"]:
        make_registration(session, status=status)
    Enquiry.objects.create(
        name="A", email="a@example.com", company="X", topic="support", message="m"
    )
    answered = Enquiry.objects.create(
        name="B", email="b@example.com", company="X", topic="demo", message="m"
    )
    Enquiry.objects.filter(pk=answered.pk).update(
        status="answered", first_response_at=answered.created + timedelta(hours=5)
    )
    return {"guide": guide, "question": question, "never": never, "session": session}


def chart(html, slug):
    """Return the <figure> of one chart."""
    match = re.search(
        rf'<figure class="insights-chart" id="chart-{slug}">(.*?)</figure>', html, re.S
    )
    assert match, f"no chart {slug}"
    return match.group(1)


def table_rows(figure):
    return re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', figure)


def csv_rows(client, slug, period="7"):
    response = client.get(PAGE, {"period": period, "csv": slug})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"insights-{slug}-" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_search_figures_stand_beside_the_previous_period(staff_client, seeded):
    html = staff_client.get(PAGE, {"period": "7"}).text
    figures = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Searches 40 Previous period: 20 (+20)" in figures
    assert "Searches with no result 10.0 % Previous period: 25.0 % (-15)" in figures
    assert "Click-through rate 15.0 % Previous period: 10.0 % (+5)" in figures
    assert "Mean position of the clicked result 1.5 Previous period: 1.0 (+0.5)" in figures


def test_each_chart_shows_the_seeded_numbers_in_svg_table_and_csv(staff_client, seeded):
    html = staff_client.get(PAGE, {"period": "7"}).text
    today = timezone.localdate()
    expected = {
        "top-queries": [("ldap sync", "30"), ("zebra", "10")],
        "no-result-queries": [("zebra", "4")],
        "views-per-area": [("Email Security", "50"), ("Awareness", "20")],
        "most-viewed": [("Quarantine guide", "50"), ("Which ports are used?", "20")],
        "downloads-per-item": [("Quarantine guide", "7")],
        "fill-rate": [("Phish &amp; Chips London", "50.0")],
        "enquiries-by-kind": [("Technical support", "1"), ("A demo", "1")],
    }
    for slug, rows in expected.items():
        figure = chart(html, slug)
        shown = table_rows(figure)
        for row in rows:
            assert row in shown, (slug, row, shown)
            label, value = row
            # The bar is labelled and carries its value.
            assert f">{label}</text>" in figure, (slug, label)
            assert f">{value.replace('.0', '')}</text>" in figure or f">{value}</text>" in figure
        assert csv_rows(staff_client, slug)[1:] == [
            [label.replace("&amp;", "&"), value] for label, value in shown
        ]
    searches = chart(html, "searches-per-day")
    days = dict(table_rows(searches))
    assert len(days) == 7
    assert days[today.strftime("%-d %b")] == "30"
    assert days[(today - timedelta(days=1)).strftime("%-d %b")] == "10"
    assert "40 searches in all; highest 30 on" in searches  # the text alternative
    assert len(csv_rows(staff_client, "searches-per-day")) == 8
    registrations = dict(table_rows(chart(html, "registrations-per-day")))
    assert registrations[today.strftime("%-d %b")] == "3"


def test_charts_have_axes_units_and_a_text_alternative(staff_client, seeded):
    html = staff_client.get(PAGE, {"period": "7"}).text
    figure = chart(html, "top-queries")
    assert 'role="img"' in figure
    assert 'aria-labelledby="chart-top-queries-title chart-top-queries-desc"' in figure
    assert '<title id="chart-top-queries-title">Top queries</title>' in figure
    assert "Top queries, in searches: ldap sync: 30; zebra: 10." in figure
    assert ">Searches (searches)</text>" in figure  # the axis names its unit
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]


def test_gaps_link_to_a_synonym_a_pinned_result_and_an_answer(staff_client, seeded):
    html = staff_client.get(PAGE, {"period": "7"}).text
    assert "/admin/search/synonym/add/?term=zebra" in html
    assert "/admin/search/promotedresult/add/?query=zebra" in html
    assert "/admin/faq/question/add/?title=zebra" in html


def test_content_tables_list_least_viewed_never_viewed_and_votes(staff_client, seeded):
    html = staff_client.get(PAGE, {"period": "7"}).text
    assert "Never opened answer" in html
    assert "2 published item(s) had no view." in html  # the answer and the session
    votes = re.search(r"<caption>FAQ answers by votes</caption>(.*?)</table>", html, re.S).group(1)
    assert re.search(
        r"Which ports are used\?</th><td>1</td><td>1</td><td>Not helpful: Port 587\?", votes
    )


def test_sessions_show_fill_rate_waitlist_and_attendance(staff_client, seeded):
    html = staff_client.get(PAGE, {"period": "7"}).text
    table = re.search(
        r"<caption>Sessions: seats, waitlist and attendance</caption>(.*?)</table>", html, re.S
    ).group(1)
    assert re.search(
        r"Phish &amp; Chips London</th><td>[^<]+</td>"
        r"<td>4</td><td>2</td><td>1</td><td>50.0</td><td>not held yet</td>",
        table,
    )


def test_median_time_to_first_response(staff_client, seeded):
    html = staff_client.get(PAGE, {"period": "7"}).text
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Median time to first response 5.0 hours Previous period: none" in text


def test_chosen_dates_sum_only_those_days(staff_client, seeded):
    today = timezone.localdate()
    day = today - timedelta(days=8)
    response = staff_client.get(PAGE, {"period": "dates", "start": day, "end": day})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
    assert "Searches 20 Previous period: 0 (+20)" in text


@pytest.mark.parametrize(
    "params",
    [
        {"period": "dates", "start": "2026-05-01"},
        {"period": "dates", "start": "2026-05-02", "end": "2026-05-01"},
        {"period": "dates", "start": "2020-01-01", "end": "2026-01-01"},
        {"period": "dates", "start": "not a date", "end": "2026-01-01"},
        {"period": "12"},
    ],
)
def test_a_bad_period_is_a_400_that_keeps_what_was_typed(staff_client, params):
    response = staff_client.get(PAGE, params)
    assert response.status_code == 400
    assert 'class="errornote"' in response.text
    for value in params.values():
        if value != "12":
            assert f'value="{value}"' in response.text


def test_an_unknown_chart_csv_is_a_404(staff_client):
    assert staff_client.get(PAGE, {"period": "7", "csv": "nope"}).status_code == 404


@pytest.mark.parametrize("group", ["Content editors", "Event managers", "Enquiry handlers"])
def test_every_staff_group_may_read_insights(client_in_group, group):
    client = client_in_group(group)
    assert client.get(PAGE).status_code == 200
    assert PAGE in client.get("/admin/").text


def test_comments_show_only_to_staff_who_may_read_feedback(client_in_group, seeded):
    html = client_in_group("Event managers").get(PAGE, {"period": "7"}).text
    assert "Port 587?" not in html
    assert "Comments are shown to staff who may read feedback." in html
    assert "Port 587?" in client_in_group("Content editors").get(PAGE, {"period": "7"}).text


def test_staff_without_the_permission_are_refused(django_user_model, client):
    user = django_user_model.objects.create_user("plain", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(PAGE).status_code == 403


def test_a_first_response_is_when_an_enquiry_leaves_new():
    enquiry = Enquiry.objects.create(
        name="A", email="a@example.com", company="X", topic="support", message="m"
    )
    assert enquiry.first_response_at is None
    enquiry.status = Enquiry.Status.IN_PROGRESS
    enquiry.save(update_fields=["status", "updated"])
    enquiry.refresh_from_db()
    first = enquiry.first_response_at
    assert first is not None
    enquiry.status = Enquiry.Status.ANSWERED
    enquiry.save()
    enquiry.refresh_from_db()
    assert enquiry.first_response_at == first


def test_settled_days_are_kept_for_an_hour_and_the_last_two_read_live(staff_client, seeded):
    def searches():
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", staff_client.get(PAGE).text))
        return re.search(r"Top queries, in searches: ldap sync: (\d+)", text).group(1)

    assert searches() == "50"  # the last 30 days: 30 today, 20 eight days ago
    add_total(1, Kind.SEARCH, 5, query="ldap sync")  # yesterday: read on every request
    add_total(3, Kind.SEARCH, 7, query="ldap sync")  # settled: kept from the first request
    assert searches() == "55"
    cache.clear()  # as when the hour is over
    assert searches() == "62"


def test_what_visitors_typed_is_shown_as_text(staff_client, seeded):
    add_total(0, Kind.SEARCH, 50, query="<b>bold</b>")
    Feedback.objects.create(
        question=seeded["question"], browser="c", helpful=False, comment="<img src=x>\nSecond line"
    )
    html = staff_client.get(PAGE, {"period": "7"}).text
    assert "<b>bold</b>" not in html and "<img src=x>" not in html
    assert '<th scope="row">&lt;b&gt;bold&lt;/b&gt;</th><td>50</td>' in html  # chart and table
    assert "Not helpful: &lt;img src=x&gt;<br>Second line" in html
