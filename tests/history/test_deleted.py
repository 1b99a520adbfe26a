"""A deleted item stays in "Recently deleted" for HISTORY_DELETED_DAYS days and
comes back with its tags and old addresses; then prune_history forgets it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from content.core.models import Content
from content.faq.models import Question
from content.history.models import Deletion
from content.history.revisions import versions_of
from tests.factories import make_area, make_question, make_session
from tests.helpers import submit_form
from tests.history.conftest import messages_of, text_of

pytestmark = pytest.mark.django_db

DELETED = "/admin/faq/question/deleted/"


def delete_in_admin(client, item):
    meta = item._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[item.pk])
    return client.post(url, {"post": "yes"})


def restore_url(deletion):
    return reverse("admin:faq_question_deleted_restore", args=[deletion.pk])


def test_a_deleted_item_comes_back_with_its_tags_and_old_addresses(editor_client, client):
    question = make_question(
        title="Which ports?", slug="which-ports", body="Port 25 for relay.", tags=["smtp", "ports"]
    )
    question.slug = "gateway-ports"
    question.save()  # the old address now redirects
    assert delete_in_admin(editor_client, question).status_code == 302
    assert not Question.objects.exists()
    assert client.get("/faq/gateway-ports/").status_code == 404

    listing = editor_client.get(DELETED)
    assert listing.status_code == 200
    assert "Which ports?" in text_of(listing)
    assert "content-editors" in text_of(listing)
    assert 'href="/admin/faq/question/deleted/"' in editor_client.get("/admin/faq/question/").text

    deletion = Deletion.objects.get()
    response = editor_client.post(restore_url(deletion), follow=True)
    assert "is restored, with its tags and former addresses." in " ".join(messages_of(response))
    restored = Question.objects.get()
    assert restored.pk == question.pk
    assert sorted(tag.name for tag in restored.tags.all()) == ["ports", "smtp"]
    assert "Port 25 for relay." in client.get("/faq/gateway-ports/").text
    assert client.get("/faq/which-ports/")["Location"] == "/faq/gateway-ports/"
    found = client.get("/api/search", {"q": "relay"}).json()
    assert [result["title"] for result in found["results"]] == ["Which ports?"]
    assert not Deletion.objects.exists()
    assert "Which ports?" not in text_of(editor_client.get(DELETED))
    newest = versions_of(Question, restored.pk).first()
    assert newest.revision.comment == "Restored after it was deleted."


def test_bulk_deletion_records_each_item(editor_client):
    first, second = make_question(title="First"), make_question(title="Second")
    response = editor_client.post(
        "/admin/faq/question/",
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Question.objects.exists()
    assert sorted(Deletion.objects.values_list("object_repr", flat=True)) == ["First", "Second"]


def test_a_restore_that_would_take_anothers_address_is_refused(editor_client):
    question = make_question(title="Old answer", slug="ports")
    delete_in_admin(editor_client, question)
    make_question(title="New answer", slug="ports")
    response = editor_client.post(restore_url(Deletion.objects.get()), follow=True)
    assert "“Old answer” was not restored" in " ".join(messages_of(response))
    assert list(Question.objects.values_list("title", flat=True)) == ["New answer"]
    assert Deletion.objects.count() == 1


def test_only_staff_who_may_add_and_change_restore(editor_client, manager_client):
    session = make_session(title="Phish & Chips Leeds")
    assert delete_in_admin(manager_client, session).status_code == 302
    deletion = Deletion.objects.get()
    url = reverse("admin:events_session_deleted_restore", args=[deletion.pk])
    # Content editors may read sessions, not add them.
    listing = editor_client.get("/admin/events/session/deleted/")
    assert "You may not restore it." in listing.text
    assert editor_client.post(url).status_code == 403
    assert editor_client.get(url).status_code == 405
    assert not Content.objects.filter(kind="session").exists()
    assert manager_client.post(url).status_code == 302
    assert Content.objects.filter(kind="session").exists()


def test_deleted_items_are_kept_for_the_settings_days_then_pruned(editor_client, settings):
    settings.HISTORY_DELETED_DAYS = 30
    kept, old = make_question(title="Deleted lately"), make_question(title="Deleted long ago")
    submit_form(
        editor_client,
        f"/admin/faq/question/{old.pk}/change/",
        form_with="title",
        changes={"body": "Edited once."},
    )
    delete_in_admin(editor_client, kept)
    delete_in_admin(editor_client, old)
    Deletion.objects.filter(object_repr="Deleted long ago").update(
        deleted_at=timezone.now() - timedelta(days=31)
    )
    editor_client.get("/admin/")  # shows the messages of the deletions
    text = text_of(editor_client.get(DELETED))
    assert "deleted in the last 30 days" in text
    assert "Deleted lately" in text and "Deleted long ago" not in text
    old_deletion = Deletion.objects.get(object_repr="Deleted long ago")
    assert editor_client.post(restore_url(old_deletion)).status_code == 404

    out = StringIO()
    call_command("prune_history", stdout=out)
    assert "Forgot 1 item(s) deleted more than 30 days ago." in out.getvalue()
    assert not Version.objects.get_for_object_reference(Question, old.pk).exists()
    assert not Version.objects.get_for_object_reference(Content, old.pk).exists()
    assert Version.objects.get_for_object_reference(Question, kept.pk).exists()
    assert list(Deletion.objects.values_list("object_repr", flat=True)) == ["Deleted lately"]
    assert Revision.objects.count() == 1

    settings.HISTORY_DELETED_DAYS = 0
    assert "Deleted lately" not in text_of(editor_client.get(DELETED))


def test_a_deleted_product_area_can_be_restored(staff_client, client):
    area = make_area(name="Command Centre", slug="command-centre", tagline="Every threat at once.")
    url = reverse("admin:core_productarea_delete", args=[area.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert client.get("/areas/command-centre/").status_code == 404
    deletion = Deletion.objects.get()
    restore = reverse("admin:core_productarea_deleted_restore", args=[deletion.pk])
    assert staff_client.post(restore).status_code == 302
    assert "Every threat at once." in client.get("/areas/command-centre/").text
