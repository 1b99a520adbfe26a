"""One truthful publishing state in the admin: draft, scheduled, live or unpublished.

The list column, the list filter, the change form and the messages after a
save or a bulk action all say the same, and a draft published for the first
time goes live now, not on the day it was begun.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from content.core.models import Content
from tests.factories import make_asset, make_question
from tests.helpers import submit_form

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/library/asset/"


def site_time(moment):
    """Write `moment` as the admin does: "5 Dec 2026 09:00 GMT"."""
    return dateformat.format(timezone.localtime(moment), "j M Y H:i T")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def change_url(item):
    return reverse("admin:library_asset_change", args=[item.pk])


def make_items_in_every_state():
    """Return a draft, a scheduled item, a live one and one taken off the site."""
    later = timezone.now() + timedelta(days=2)
    draft = make_asset(title="Draft guide", status=Content.Status.DRAFT)
    scheduled = make_asset(title="Scheduled guide", publish_at=later)
    live = make_asset(title="Live guide")
    unpublished = make_asset(title="Withdrawn guide")
    unpublished.unpublish()
    unpublished.save()
    return draft, scheduled, live, unpublished


def test_the_list_says_each_items_state_with_the_date_of_a_scheduled_one(editor_client):
    _, scheduled, _, _ = make_items_in_every_state()
    text = editor_client.get(CHANGELIST).text
    assert f'<td class="field-publishing">Scheduled for {site_time(scheduled.publish_at)}</td>' in (
        text
    )
    for state in ["Draft", "Live", "Unpublished"]:
        assert f'<td class="field-publishing">{state}</td>' in text
    assert '<td class="field-publishing">Published</td>' not in text


@pytest.mark.parametrize(
    ("state", "title"),
    [
        ("draft", "Draft guide"),
        ("scheduled", "Scheduled guide"),
        ("live", "Live guide"),
        ("unpublished", "Withdrawn guide"),
    ],
)
def test_the_list_filters_by_the_same_states(editor_client, state, title):
    make_items_in_every_state()
    response = editor_client.get(CHANGELIST, {"state": state})
    assert response.context["cl"].result_count == 1
    assert f">{title}</a>" in response.text


def test_the_filter_offers_every_state(editor_client):
    make_asset()
    text = editor_client.get(CHANGELIST).text
    for label in ["Draft", "Scheduled", "Live", "Unpublished"]:
        assert f'?state={label.lower()}"' in text and f">{label}</a>" in text


def test_the_change_form_says_what_the_public_sees(editor_client):
    _, scheduled, live, unpublished = make_items_in_every_state()
    assert f"Scheduled for {site_time(scheduled.publish_at)}" in (
        editor_client.get(change_url(scheduled)).text
    )
    assert '<div class="readonly">Live</div>' in editor_client.get(change_url(live)).text
    assert '<div class="readonly">Unpublished</div>' in (
        editor_client.get(change_url(unpublished)).text
    )


def test_bulk_publish_says_which_items_are_live_and_which_only_scheduled(editor_client, client):
    later = timezone.now() + timedelta(days=2)
    drafts = [make_asset(status=Content.Status.DRAFT) for _ in range(2)]
    scheduled = make_asset(publish_at=later)
    response = editor_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [item.pk for item in [*drafts, scheduled]]},
        follow=True,
    )
    assert messages_of(response) == [f"2 items are live, 1 is scheduled for {site_time(later)}."]
    assert client.get(drafts[0].get_absolute_url()).status_code == 200
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    history = editor_client.get(reverse("admin:library_asset_history", args=[scheduled.pk]))
    assert f"Published: scheduled for {site_time(later)}." in history.text


def test_bulk_unpublish_tells_items_taken_down_from_drafts(editor_client, client):
    live = make_asset()
    scheduled = make_asset(publish_at=timezone.now() + timedelta(days=2))
    response = editor_client.post(
        CHANGELIST,
        {"action": "unpublish", "_selected_action": [live.pk, scheduled.pk]},
        follow=True,
    )
    assert messages_of(response) == ["1 item is in draft, 1 is unpublished (taken off the site)."]
    assert client.get(live.get_absolute_url()).status_code == 404


def test_bulk_publish_of_an_old_draft_makes_it_live_now_not_back_dated(editor_client):
    begun = timezone.now() - timedelta(days=90)
    draft = make_asset(status=Content.Status.DRAFT, publish_at=begun)
    before = timezone.now()
    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.publish_at >= before
    page = editor_client.get(CHANGELIST).text
    assert site_time(begun) not in page


def test_republishing_an_item_that_was_live_keeps_its_date(editor_client):
    first_live = timezone.now() - timedelta(days=30)
    asset = make_asset(publish_at=first_live)
    editor_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [asset.pk]})
    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [asset.pk]})
    asset.refresh_from_db()
    assert asset.publish_at == first_live


def test_publishing_an_old_draft_in_the_change_form_makes_it_live_now(editor_client, client):
    draft = make_asset(status=Content.Status.DRAFT, publish_at=timezone.now() - timedelta(days=90))
    before = timezone.now()
    response = submit_form(
        editor_client, change_url(draft), form_with="title", changes={"status": "published"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publish_at >= before
    assert client.get(draft.get_absolute_url()).status_code == 200
    page = editor_client.get(response["Location"])
    assert f"“{draft.title}” is live." in messages_of(page)


def test_a_date_the_editor_sets_when_publishing_is_kept(editor_client):
    draft = make_asset(status=Content.Status.DRAFT, publish_at=timezone.now() - timedelta(days=90))
    later = timezone.localtime(timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    response = submit_form(
        editor_client,
        change_url(draft),
        form_with="title",
        changes={
            "status": "published",
            "publish_at_0": f"{later:%Y-%m-%d}",
            "publish_at_1": f"{later:%H:%M:%S}",
        },
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.publish_at == later
    assert f"“{draft.title}” is scheduled for {site_time(later)}." in messages_of(response)


def test_a_new_item_published_without_touching_the_date_goes_live_now(editor_client, client):
    before = timezone.now()
    response = submit_form(
        editor_client,
        reverse("admin:faq_question_add"),
        form_with="title",
        changes={
            "title": "Which ports?",
            "slug": "which-ports",
            "topic": "Network",
            "body": "Port 25.",
            "status": "published",
        },
    )
    assert response.status_code == 302
    assert client.get("/faq/which-ports/").status_code == 200
    assert Content.objects.get(slug="which-ports").publish_at >= before


def test_saving_a_live_item_keeps_its_date(editor_client):
    # The form shows whole seconds.
    live_since = (timezone.now() - timedelta(days=10)).replace(microsecond=0)
    question = make_question(publish_at=live_since)
    submit_form(
        editor_client,
        reverse("admin:faq_question_change", args=[question.pk]),
        form_with="title",
        changes={"title": "Retitled"},
    )
    question.refresh_from_db()
    assert (question.title, question.publish_at) == ("Retitled", live_since)
