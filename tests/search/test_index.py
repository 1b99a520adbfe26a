"""The index follows every change to content, and can be rebuilt from scratch."""

from io import StringIO

import pytest
from django.core.management import call_command
from taggit.models import Tag

from content.core.admin import ContentAdmin
from content.core.models import Content
from content.faq.models import Question
from content.search.backends import get_engine
from content.search.engine import search
from tests.factories import make_area, make_question

pytestmark = pytest.mark.django_db


def found(query):
    return [hit.item.title for hit in search(query).hits]


def test_saving_changes_what_is_found():
    question = make_question(title="Mail routing")
    question.title = "Gateway routing"
    question.save()
    assert found("gateway") == ["Gateway routing"]
    assert found("mail") == []


def test_publish_and_unpublish_through_the_admin_actions(rf, staff_client):
    question = make_question(title="Quarantine release", status=Content.Status.DRAFT)
    assert found("quarantine") == []
    admin = ContentAdmin(Question, None)
    request = rf.post("/")
    request.user = staff_client.user
    request._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    admin.publish(request, Question.objects.filter(pk=question.pk))
    assert found("quarantine") == ["Quarantine release"]
    admin.unpublish(request, Question.objects.filter(pk=question.pk))
    assert found("quarantine") == []


def test_deleting_removes_the_item():
    question = make_question(title="Quarantine release")
    question.delete()
    assert found("quarantine") == []
    assert not get_engine().look_up({"quarantine"})[0]  # its words leave with it


def test_tag_changes_are_indexed():
    question = make_question(title="Sync schedule")
    question.tags.add("kerberos")
    assert found("kerberos") == ["Sync schedule"]
    question.tags.remove("kerberos")
    assert found("kerberos") == []


def test_renaming_or_deleting_a_tag_reindexes_its_items():
    question = make_question(title="Sync schedule", body="Tokens renew every night.")
    question.tags.add("kerberos")
    tag = Tag.objects.get(name="kerberos")
    tag.name, tag.slug = "ticketing", "kerberos-tickets"
    tag.save()
    assert found("ticketing") == ["Sync schedule"]
    assert found("kerberos") == []
    # Narrowing goes by the slug, whatever the name says.
    narrowed = search("renew", tags=["kerberos-tickets"])
    assert [hit.item.title for hit in narrowed.hits] == ["Sync schedule"]
    tag.delete()
    assert found("ticketing") == []


def test_table_cells_and_line_breaks_keep_words_apart():
    # Raw HTML in Markdown stays as written, with no space between cells.
    make_question(
        title="Ports",
        body="<table><tr><td>Gateway</td><td>Relay</td></tr></table>\n\n"
        "Open port 25<br>Restart the relay.",
    )
    assert found("relay") == ["Ports"]
    assert found("restart") == ["Ports"]
    snippet = search("relay", whole=True).hits[0].snippet
    assert "Gateway <mark>Relay</mark>" in " ".join(snippet.split())


def test_renaming_an_area_reindexes_its_items():
    area = make_area(name="Insider Risk")
    make_question(title="Leaver checklist", area=area)
    area.name = "Workforce Protection"
    area.save()
    assert found("workforce") == ["Leaver checklist"]


def test_rebuild_command_rebuilds_and_shows_progress():
    make_question(title="Quarantine release")
    get_engine().clear()
    assert found("quarantine") == []
    output = StringIO()
    call_command("rebuild_search_index", stdout=output)
    assert found("quarantine") == ["Quarantine release"]
    assert "[########################################] 1/1" in output.getvalue()
    assert "Indexed 1 item(s)." in output.getvalue()
