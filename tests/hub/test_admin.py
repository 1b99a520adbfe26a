"""Staff can reach and use every admin page for the content kinds and areas."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from content.core.models import Content
from content.faq.models import Question
from tests.factories import make_area, make_asset, make_question, make_registration, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    area = make_area()
    session = make_session(area=area, tags=["ldap"])
    return {
        "core_productarea": area,
        "faq_question": make_question(area=area, tags=["ldap"]),
        "library_asset": make_asset(area=area, tags=["ldap"]),
        "events_session": session,
        "events_registration": make_registration(session),
    }


@pytest.mark.parametrize(
    "name",
    ["core_productarea", "faq_question", "library_asset", "events_session", "events_registration"],
)
def test_admin_pages_load_for_staff(staff_client, objects, name):
    obj = objects[name]
    for url in [
        reverse(f"admin:{name}_changelist"),
        reverse(f"admin:{name}_add"),
        reverse(f"admin:{name}_change", args=[obj.pk]),
        reverse(f"admin:{name}_history", args=[obj.pk]),
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("name", ["faq_question", "library_asset", "events_session"])
def test_content_changelist_filters_and_search(staff_client, objects, name):
    url = reverse(f"admin:{name}_changelist")
    response = staff_client.get(url, {"status__exact": "published", "q": objects[name].title})
    assert response.status_code == 200
    assert objects[name].title in response.text
    assert "by product area" in response.text.lower()
    assert "by tags" in response.text.lower()


def test_change_page_previews_markdown_and_links_to_site(staff_client):
    question = make_question(body="Use **port 636**.")
    response = staff_client.get(reverse("admin:faq_question_change", args=[question.pk]))
    assert "<strong>port 636</strong>" in response.text
    assert "View on site" in response.text
    assert "prepopulated" in response.text


def test_staff_can_write_and_publish_a_question(staff_client, client):
    response = staff_client.post(
        reverse("admin:faq_question_add"),
        {
            "title": "How do I reset a password?",
            "slug": "reset-password",
            "summary": "",
            "body": "Use the **console**.",
            "topic": "Administration",
            "order": "0",
            "status": "published",
            "publish_at_0": "2020-01-01",
            "publish_at_1": "09:00:00",
            "tags": "accounts, passwords",
        },
    )
    assert response.status_code == 302, response.text
    question = Question.objects.get(slug="reset-password")
    assert question.author == staff_client.user
    assert sorted(question.tags.names()) == ["accounts", "passwords"]
    assert "<strong>console</strong>" in client.get("/faq/reset-password/").text


def test_duplicate_slug_in_admin_is_a_form_error_not_a_crash(staff_client):
    make_question(slug="ports")
    response = staff_client.post(
        reverse("admin:faq_question_add"),
        {
            "title": "Ports",
            "slug": "ports",
            "topic": "Network",
            "order": "0",
            "status": "draft",
            "publish_at_0": "2020-01-01",
            "publish_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.text


def test_bulk_publish_and_unpublish(staff_client):
    drafts = [make_asset(status=Content.Status.DRAFT) for _ in range(2)]
    url = reverse("admin:library_asset_changelist")
    staff_client.post(url, {"action": "publish", "_selected_action": [a.pk for a in drafts]})
    assert Content.objects.published().count() == 2
    staff_client.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert Content.objects.published().count() == 1


def test_staff_groups_exist_with_fitting_permissions():
    editors = Group.objects.get(name="Content editors")
    managers = Group.objects.get(name="Event managers")
    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    manager_perms = set(managers.permissions.values_list("codename", flat=True))
    assert {"add_question", "change_asset", "delete_asset"} <= editor_perms
    assert "change_session" not in editor_perms
    assert {"add_session", "change_registration"} <= manager_perms
    assert "change_question" not in manager_perms


def test_the_admin_names_tags_for_staff_and_shows_the_hubs_icon(client_in_group):
    text = client_in_group("Content editors").get(reverse("admin:index")).text
    assert '<a href="/admin/taggit/" class="section">Tags</a>' in text
    assert "Taggit" not in text
    assert 'rel="icon" href="/static/images/favicon.svg"' in text


def test_a_browser_asking_for_favicon_ico_gets_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/images/favicon.svg"
