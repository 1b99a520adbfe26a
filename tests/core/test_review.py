"""Each item has a "review by" date; the admin lists the items due for review."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from content.core.models import Content
from tests.factories import make_asset, make_question, make_session

pytestmark = pytest.mark.django_db


def test_items_whose_review_date_has_come_are_due_oldest_first():
    today = timezone.localdate()
    late = make_asset(review_by=today - timedelta(days=30))
    due_today = make_question(review_by=today)
    make_session(review_by=today + timedelta(days=1))
    make_asset()
    assert list(Content.objects.due_for_review()) == [late.content_ptr, due_today.content_ptr]


def test_admin_lists_every_kind_due_for_review_with_edit_links(staff_client):
    today = timezone.localdate()
    asset = make_asset(title="Stale guide", review_by=today - timedelta(days=1))
    question = make_question(title="Old answer", review_by=today)
    make_asset(title="Fresh guide", review_by=today + timedelta(days=90))
    make_asset(title="Draft due", review_by=today, status=Content.Status.DRAFT)
    response = staff_client.get(reverse("admin:core_contentdueforreview_changelist"))
    assert response.status_code == 200
    text = response.text
    assert f'href="{reverse("admin:library_asset_change", args=[asset.pk])}">Stale guide' in text
    assert f'href="{reverse("admin:faq_question_change", args=[question.pk])}">Old answer' in text
    assert "Draft due" in text
    assert "Fresh guide" not in text


def test_kind_changelists_filter_on_review_due(staff_client):
    make_asset(title="Stale guide", review_by=timezone.localdate() - timedelta(days=1))
    make_asset(title="Fresh guide")
    text = staff_client.get("/admin/library/asset/", {"review": "due"}).text
    assert "Stale guide" in text
    assert "Fresh guide" not in text


def test_editors_can_read_the_review_list(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    client.force_login(editor)
    assert client.get(reverse("admin:core_contentdueforreview_changelist")).status_code == 200
    assert client.get(reverse("admin:library_feedback_changelist")).status_code == 200


def test_each_group_reviews_what_it_may_edit(client_in_group):
    due = timezone.localdate() - timedelta(days=1)
    make_asset(title="Stale guide", review_by=due)
    make_question(title="Old answer", review_by=due)
    make_session(title="Old session", review_by=due)
    url = reverse("admin:core_contentdueforreview_changelist")

    editors = client_in_group("Content editors").get(url)
    assert "Stale guide" in editors.text and "Old answer" in editors.text
    assert "Old session" not in editors.text

    managers = client_in_group("Event managers")
    page = managers.get(url)
    assert page.status_code == 200
    assert "Old session" in page.text
    assert "Stale guide" not in page.text and "Old answer" not in page.text
    assert url in managers.get(reverse("admin:index")).text

    assert client_in_group("Enquiry handlers").get(url).status_code == 403


def test_review_date_is_edited_with_the_publishing_fields(staff_client):
    asset = make_asset()
    text = staff_client.get(reverse("admin:library_asset_change", args=[asset.pk])).text
    assert 'name="review_by"' in text
