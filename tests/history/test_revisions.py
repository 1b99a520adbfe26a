"""Every save records a revision: who, when, and the whole item. The history
lists them, compares any two field by field and restores one through the
same form, checks and permission as a save."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from content.core.models import ProductArea
from content.faq.models import Question
from content.history.compare import word_diff
from content.history.revisions import versions_of
from content.history.snapshots import snapshot_of_version
from tests.factories import make_area, make_asset, make_question, make_registration, make_session
from tests.helpers import submit_form
from tests.history.conftest import PDF, admin_url, text_of

pytestmark = pytest.mark.django_db


def edit(client, item, **changes):
    """Change `item` in its admin form as a person would, and publish."""
    return submit_form(client, admin_url(item, "change"), form_with="title", changes=changes)


def test_each_save_records_who_when_and_the_whole_item(editor_client):
    area = make_area(name="Insider Risk")
    question = make_question(title="Which ports?", tags=["smtp"], area=area)
    edit(editor_client, question, body="Port 25 and port 587.", tags="smtp, tls")
    [version] = versions_of(Question, question.pk)
    assert version.revision.user.username == "content-editors"
    snapshot = snapshot_of_version(version)
    assert snapshot["title"] == "Which ports?"
    assert snapshot["body"] == "Port 25 and port 587."
    assert snapshot["tags"] == ["smtp", "tls"]
    assert snapshot["area"] == area.pk
    assert snapshot["topic"] == "General"
    assert "Changed Body and Tags." in version.revision.comment


def test_history_lists_revisions_and_compares_two_word_by_word(editor_client):
    question = make_question(title="Which ports?", body="Mail goes out on port 25 only.")
    edit(editor_client, question, body="Mail goes out on port 25.")
    edit(editor_client, question, body="Mail goes out on port 587.", topic="Network")
    history = editor_client.get(admin_url(question, "history"))
    assert history.status_code == 200
    assert history.text.count('name="after"') == 2
    assert text_of(history).count("content-editors Changed") == 2
    newest, oldest = versions_of(Question, question.pk)
    response = editor_client.get(
        admin_url(question, "history_compare"), {"before": oldest.pk, "after": newest.pk}
    )
    assert response.status_code == 200
    assert "Mail goes out on port <del>25.</del><ins>587.</ins>" in response.text
    text = text_of(response)
    assert "Topic General Network" in text
    assert re.search(r"Unchanged: [^.]*\bTitle,", text)


def test_compare_with_live_and_unknown_versions(editor_client):
    question = make_question(title="Which ports?")
    edit(editor_client, question, title="Which ports does the gateway use?")
    [version] = versions_of(Question, question.pk)
    url = admin_url(question, "history_compare")
    same = editor_client.get(url, {"before": version.pk, "after": "live"})
    assert re.search(r"Unchanged: [^.]*\bTitle, Slug", text_of(same))
    for before, after in [("live", "nope"), ("999999", "live"), ("", "")]:
        response = editor_client.get(url, {"before": before, "after": after})
        assert response.status_code == 400
        assert "Choose two versions to compare" in response.text
    other = make_question()
    edit(editor_client, other, title="Another")
    [foreign] = versions_of(Question, other.pk)
    assert editor_client.get(url, {"before": foreign.pk, "after": "live"}).status_code == 400


def test_restoring_opens_the_form_filled_and_saving_makes_a_new_revision(editor_client, client):
    question = make_question(title="Which ports?", body="Port 25.", tags=["smtp"])
    edit(editor_client, question, title="Ports")
    edit(editor_client, question, title="Ports, again", body="Port 2525.", tags="relay")
    old = versions_of(Question, question.pk).last()
    restore = admin_url(question, "history_restore", old.pk)
    form = editor_client.get(restore)
    assert form.status_code == 200
    assert "This form holds an earlier revision" in form.text
    assert 'value="Ports"' in form.text
    response = submit_form(editor_client, restore, form_with="title", changes={})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.title, question.body) == ("Ports", "Port 25.")
    assert [tag.name for tag in question.tags.all()] == ["smtp"]
    newest = versions_of(Question, question.pk).first()
    assert newest.revision.comment.startswith("Restored the version of")
    assert versions_of(Question, question.pk).count() == 3
    assert "Ports" in client.get(question.get_absolute_url()).text


def test_restoring_goes_through_the_checks_of_a_save(editor_client):
    question = make_question(slug="which-ports")
    edit(editor_client, question, slug="ports")
    old = versions_of(Question, question.pk).first()
    edit(editor_client, question, slug="gateway-ports")
    make_question(slug="ports")  # another item took the address since
    restore = admin_url(question, "history_restore", old.pk)
    response = submit_form(editor_client, restore, form_with="title", changes={})
    assert response.status_code == 200
    assert "already exists" in response.text
    question.refresh_from_db()
    assert question.slug == "gateway-ports"


def test_an_editor_without_change_permission_cannot_restore(editor_client, manager_client):
    session = make_session(title="Phish & Chips London")
    edit(manager_client, session, title="Phish & Chips in London")
    [version] = versions_of(type(session), session.pk)
    restore = admin_url(session, "history_restore", version.pk)
    # Content editors may read sessions, not change them.
    assert editor_client.get(admin_url(session, "history")).status_code == 200
    assert "Restore" not in text_of(editor_client.get(admin_url(session, "history")))
    assert editor_client.get(restore).status_code == 403
    assert editor_client.post(restore, {"title": "Hacked"}).status_code == 403
    session.refresh_from_db()
    assert session.title == "Phish & Chips in London"


def test_session_revisions_hold_no_attendee(editor_client, manager_client):
    session = make_session(title="Phish & Chips Leeds")
    make_registration(session, name="Adaline Quorrel", email="adaline@attendee.example")
    edit(manager_client, session, capacity="12")
    [version] = versions_of(type(session), session.pk)
    stored = " ".join(v.serialized_data for v in version.revision.version_set.all())
    assert "Adaline" not in stored and "attendee.example" not in stored
    history = editor_client.get(admin_url(session, "history"))
    compare = editor_client.get(
        admin_url(session, "history_compare"), {"before": version.pk, "after": "live"}
    )
    for page in (history, compare):
        assert page.status_code == 200
        assert "Adaline" not in page.text


def test_an_assets_file_is_recorded_and_comes_back_on_restore(editor_client):
    asset = make_asset(title="Gateway guide")
    first = edit(editor_client, asset, file=SimpleUploadedFile("guide-one.pdf", PDF))
    assert first.status_code == 302
    asset.refresh_from_db()
    first_file = asset.file.name
    edit(editor_client, asset, file=SimpleUploadedFile("guide-two.pdf", PDF))
    asset.refresh_from_db()
    assert asset.file.name != first_file
    old = versions_of(type(asset), asset.pk).last()
    assert snapshot_of_version(old)["file"] == first_file
    restore = admin_url(asset, "history_restore", old.pk)
    assert submit_form(editor_client, restore, form_with="title", changes={}).status_code == 302
    asset.refresh_from_db()
    assert asset.file.name == first_file


def test_bulk_actions_record_a_revision_of_each_item(editor_client):
    first, second = make_asset(), make_asset()
    editor_client.post(
        "/admin/library/asset/", {"action": "unpublish", "_selected_action": [first.pk, second.pk]}
    )
    for item in (first, second):
        [version] = versions_of(type(item), item.pk)
        assert snapshot_of_version(version)["status"] == "draft"
        assert "Moved back to draft" in version.revision.comment


def test_product_areas_have_a_history_too(editor_client):
    area = make_area(name="Command Centre", tagline="See every threat.")
    response = submit_form(
        editor_client,
        admin_url(area, "change"),
        form_with="tagline",
        changes={"tagline": "See every threat at once."},
    )
    assert response.status_code == 302
    [version] = versions_of(ProductArea, area.pk)
    compare = editor_client.get(
        admin_url(area, "history_compare"), {"before": version.pk, "after": "live"}
    )
    assert compare.status_code == 200
    assert Version.objects.get_for_model(ProductArea).count() == 1


def test_the_word_diff_is_escaped_and_keeps_rewritten_sentences_whole():
    assert str(word_diff("Port 25 <b>only</b>", "Port 25 <script>x</script>")) == (
        "Port 25 <del>&lt;b&gt;only&lt;/b&gt;</del><ins>&lt;script&gt;x&lt;/script&gt;</ins>"
    )
    assert str(word_diff("Summary of question 1", "Ports for relay.")) == (
        "<del>Summary of question 1</del><ins>Ports for relay.</ins>"
    )


def test_a_sessions_other_areas_are_recorded(manager_client):
    session = make_session()
    first, second = make_area(name="Command Centre"), make_area(name="Insider Risk")
    edit(manager_client, session, areas=[str(first.pk), str(second.pk)])
    [version] = versions_of(type(session), session.pk)
    assert snapshot_of_version(version)["areas"] == sorted([first.pk, second.pk])
