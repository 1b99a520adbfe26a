"""Owners and review dates: weekly reminders at most, the review list filters, one-click review."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content.core.models import ProductArea
from content.editorial.models import ReviewReminder
from content.editorial.reviews import review_reminders_send
from content.faq.models import Question
from tests.editorial.conftest import change_url, form_values
from tests.factories import make_area, make_asset, make_question, make_session

pytestmark = pytest.mark.django_db

REPORT = "/admin/core/contentdueforreview/"


def days(n):
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def owners(django_user_model):
    make = django_user_model.objects.create_user
    return (
        make("ana", "ana@example.com", "x", is_staff=True, first_name="Ana", last_name="Silva"),
        make("bo", "bo@example.com", "x", is_staff=True, first_name="Bo", last_name="Berg"),
    )


def test_each_owner_gets_one_email_listing_their_due_items_with_links(
    owners, settings, capsys, django_capture_on_commit_callbacks
):
    ana, bo = owners
    settings.SITE_URL = "https://hub.example.com"
    asset = make_asset(title="Stale guide", owner=ana, review_by=days(-10))
    area = make_area(name="Insider Risk", owner=ana, review_by=days(0))
    make_question(title="Fresh answer", owner=ana, review_by=days(5))
    make_session(title="Session of Bo", owner=bo, review_by=days(-1))
    make_question(title="Nobody's answer", review_by=days(-3))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders")
    assert "2 review reminder(s) queued." in capsys.readouterr().out

    [to_ana] = [message for message in mail.outbox if message.to == ["ana@example.com"]]
    assert to_ana.subject == "2 items of yours to review on the Technical Hub"
    body = to_ana.body
    assert "Dear Ana Silva," in body
    assert "- Stale guide (Technical asset): review by" in body
    assert "10 days overdue" in body
    assert f"https://hub.example.com{change_url(asset)}" in body
    assert "- Insider Risk (Product area)" in body
    assert f"https://hub.example.com{change_url(area)}" in body
    assert "Fresh answer" not in body and "Session of Bo" not in body
    html = to_ana.alternatives[0].content
    assert f'<a href="https://hub.example.com{change_url(asset)}">Stale guide</a>' in html
    [to_bo] = [message for message in mail.outbox if message.to == ["bo@example.com"]]
    assert "Session of Bo" in to_bo.body
    assert len(mail.outbox) == 2


def test_a_second_run_within_a_week_sends_nothing_and_a_week_later_sends_again(
    owners, django_capture_on_commit_callbacks
):
    ana, _ = owners
    make_asset(owner=ana, review_by=days(-1))

    def send():
        with django_capture_on_commit_callbacks(execute=True):
            return review_reminders_send()

    assert send() == 1
    assert send() == 0
    assert len(mail.outbox) == 1
    ReviewReminder.objects.filter(owner=ana).update(
        last_sent=timezone.now() - timedelta(days=6, hours=23)
    )
    assert send() == 0
    ReviewReminder.objects.filter(owner=ana).update(last_sent=timezone.now() - timedelta(days=7))
    assert send() == 1
    assert len(mail.outbox) == 2


def test_owners_who_left_or_have_no_address_are_not_mailed(owners, django_user_model):
    ana, _ = owners
    ana.is_active = False
    ana.save()
    quiet = django_user_model.objects.create_user("quiet", is_staff=True)
    make_asset(owner=ana, review_by=days(-1))
    make_asset(owner=quiet, review_by=days(-1))
    assert review_reminders_send() == 0
    assert mail.outbox == []


def test_owner_and_review_dates_are_edited_in_a_review_section_of_every_kind(staff, owners):
    ana, _ = owners
    sam = staff("sam")
    for item in [make_question(), make_asset(), make_session(), make_area()]:
        page = sam.get(change_url(item))
        assert "<h2" in page.text and ">Review</h2>" in page.text
        data = form_values(page, "slug") | {
            "owner": [str(ana.pk)],
            "review_by": [days(30).isoformat()],
            "review_every_days": ["90"],
        }
        assert sam.post(change_url(item), data).status_code == 302, item
        item.refresh_from_db()
        assert (item.owner, item.review_by, item.review_every_days) == (ana, days(30), 90)


def test_the_review_list_filters_by_owner_and_area(staff, owners):
    ana, bo = owners
    area = make_area(name="Command Centre")
    make_asset(title="Guide of Ana", owner=ana, review_by=days(-1), area=area)
    make_question(title="Answer of Ana", owner=ana, review_by=days(-1))
    make_asset(title="Guide of Bo", owner=bo, review_by=days(-1), area=area)
    sam = staff("sam")
    everything = sam.get(REPORT).text
    assert "Guide of Ana" in everything and "Guide of Bo" in everything
    assert "Silva" in everything  # the owner column and filter
    by_ana = sam.get(REPORT, {"owner__id__exact": ana.pk}).text
    assert "Guide of Ana" in by_ana and "Answer of Ana" in by_ana
    assert "Guide of Bo" not in by_ana
    in_area = sam.get(REPORT, {"owner__id__exact": ana.pk, "area__id__exact": area.pk}).text
    assert "Guide of Ana" in in_area
    assert "Answer of Ana" not in in_area and "Guide of Bo" not in in_area


def test_mark_as_reviewed_is_one_click_moves_the_date_on_and_is_in_the_history(staff):
    question = make_question(title="Old answer", review_by=days(-20), review_every_days=90)
    updated = question.updated
    sam = staff("sam")
    listed = sam.get(REPORT, {"kind": "faq"})
    reviewed_url = reverse("admin:faq_question_reviewed", args=[question.pk])
    assert f'formaction="{reviewed_url}">Mark as reviewed' in listed.text

    came_from = f"http://testserver{REPORT}?kind=faq"
    response = sam.post(reviewed_url, headers={"Referer": came_from})
    assert response.status_code == 302
    assert response["Location"] == came_from
    question = Question.objects.get(pk=question.pk)
    assert question.review_by == days(90)
    assert question.updated == updated  # a review is no edit
    entry = LogEntry.objects.get(object_id=str(question.pk))
    assert entry.user == sam.user
    assert entry.get_change_message() == (
        f"Marked as reviewed; next review by {days(90):%-d %B %Y}."
    )
    after = sam.get(REPORT, {"kind": "faq"}).text
    assert "“Old answer” is marked as reviewed; next review by" in after
    assert reviewed_url not in after  # no longer listed


def test_mark_as_reviewed_on_the_areas_list(staff):
    area = make_area(name="Insider Risk", review_by=days(-1), review_every_days=30)
    sam = staff("sam")
    text = sam.get("/admin/core/productarea/").text
    reviewed_url = reverse("admin:core_productarea_reviewed", args=[area.pk])
    assert f'formaction="{reviewed_url}">Mark as reviewed' in text
    assert sam.post(reviewed_url).status_code == 302
    assert ProductArea.objects.get(pk=area.pk).review_by == days(30)


def test_mark_as_reviewed_needs_change_permission_and_a_post(client_in_group, staff):
    session = make_session(review_by=days(-1))
    url = reverse("admin:events_session_reviewed", args=[session.pk])
    assert client_in_group("Content editors").post(url).status_code == 403
    assert staff("sam").get(url).status_code == 405
    session.refresh_from_db()
    assert session.review_by == days(-1)
