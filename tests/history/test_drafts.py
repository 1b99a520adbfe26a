"""A live item's draft changes nothing visitors see, on any channel, until it
is published; the admin says a draft is pending, by whom and since when."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.faq.models import Question
from content.history.models import Draft
from content.history.revisions import versions_of
from content.library.models import Asset
from tests.factories import make_area, make_asset, make_question, make_registration, make_session
from tests.helpers import submit_form
from tests.history.conftest import PDF, admin_url, messages_of, text_of

pytestmark = pytest.mark.django_db

PDF_TWO = b"%PDF-1.7\n% the second edition\n1 0 obj << >> endobj\ntrailer\n%%EOF\n"


def save_draft(client, item, **changes):
    return submit_form(
        client,
        admin_url(item, "change"),
        form_with="title",
        changes={"_save_draft": "1", **changes},
    )


def publish(client, item, **changes):
    return submit_form(client, admin_url(item, "change"), form_with="title", changes=changes)


def public_channels(client, question, update):
    """Return what a visitor gets from every channel that shows the two items."""
    pages = {
        "page": question.get_absolute_url(),
        "list": "/faq/",
        "search": "/search/?q=quarantine",
        "tag": "/tags/gateway/",
        "update": update.get_absolute_url(),
        "updates": "/library/updates/",
        "home": "/",
    }
    # Pages are compared as read: their forms' tokens and nonces differ anyway.
    seen = {name: text_of(client.get(url)) for name, url in pages.items()}
    return seen | {
        "api": client.get("/api/search", {"q": "quarantine"}).text,
        "suggest": client.get("/api/search", {"q": "releas"}).text,
        "sitemap": client.get("/sitemap.xml").text,
        "rss": client.get("/feeds/updates.rss").text,
        "atom": client.get("/feeds/updates.atom").text,
    }


def test_a_draft_shows_on_no_public_channel_until_published(editor_client, client, settings):
    settings.PAGE_CACHE = True  # a cached page must not hide, nor leak, anything
    question = make_question(
        title="How do I release mail?", slug="release-mail", body="Ask the team.", tags=["gateway"]
    )
    update = make_asset(
        title="Gateway 7.2 is out", asset_type=Asset.Type.TECHNICAL_UPDATE, tags=["gateway"]
    )
    before = public_channels(client, question, update)
    response = save_draft(
        editor_client,
        question,
        title="Releasing quarantined mail",
        slug="releasing-quarantined-mail",
        body="Open the quarantine and press Release.",
        tags="gateway, quarantine",
    )
    assert response.status_code == 302
    response = save_draft(editor_client, update, title="Gateway 7.3 quarantine update")
    assert response.status_code == 302
    assert Draft.objects.count() == 2

    after = public_channels(client, question, update)
    assert after == before
    everything = " ".join(after.values())
    for drafted in ["Releasing quarantined mail", "press Release", "Gateway 7.3"]:
        assert drafted not in everything
    assert client.get("/faq/releasing-quarantined-mail/").status_code == 404
    question.refresh_from_db()
    assert (question.title, question.slug) == ("How do I release mail?", "release-mail")

    assert publish(editor_client, question).status_code == 302
    assert publish(editor_client, update).status_code == 302
    assert not Draft.objects.exists()
    page = client.get("/faq/releasing-quarantined-mail/")
    assert "Open the quarantine and press Release." in page.text
    assert client.get("/faq/release-mail/").status_code == 301  # the old address follows
    found = client.get("/api/search", {"q": "quarantine"}).json()
    assert {result["title"] for result in found["results"]} == {
        "Releasing quarantined mail",
        "Gateway 7.3 quarantine update",
    }
    assert "Gateway 7.3 quarantine update" in client.get("/feeds/updates.rss").text
    assert "releasing-quarantined-mail" in client.get("/sitemap.xml").text


def test_the_change_form_says_a_draft_is_pending_by_whom_and_since_when(editor_client):
    question = make_question(title="Which ports?", body="Port 25.")
    save_draft(editor_client, question, body="Port 25 and 587.")
    draft = Draft.objects.get()
    form = editor_client.get(admin_url(question, "change"))
    text = text_of(form)
    assert "A draft is pending" in text
    assert "begun by content-editors on" in text
    assert "The form below shows the draft." in text
    assert "Port 25 and 587.</textarea>" in form.text
    compare_url = admin_url(question, "history_compare") + "?before=live&amp;after=draft"
    assert f'href="{compare_url}"' in form.text
    compare = editor_client.get(
        admin_url(question, "history_compare"), {"before": "live", "after": "draft"}
    )
    assert "Port <del>25.</del><ins>25 and 587.</ins>" in compare.text
    assert "Draft by content-editors, saved" in text_of(compare)
    assert draft.author.username == "content-editors"
    # Publishing the draft applies it once; the history says whose draft it was.
    response = publish(editor_client, question)
    assert "The draft is published." in messages_of(editor_client.get(response["Location"]))
    question.refresh_from_db()
    assert question.body == "Port 25 and 587."
    newest = versions_of(Question, question.pk).first()
    assert newest.revision.comment.startswith("Published the draft of content-editors.")


def test_a_live_item_offers_save_draft_beside_publish_a_draft_one_plain_save(editor_client):
    live = make_question()
    form = editor_client.get(admin_url(live, "change")).text
    assert 'value="Publish"' in form and 'value="Save draft"' in form
    unseen = make_question(status="draft")
    form = editor_client.get(admin_url(unseen, "change")).text
    assert 'value="Save draft"' not in form and 'value="Save"' in form


def test_discarding_drops_the_draft_and_keeps_the_live_item(editor_client, client):
    question = make_question(title="Which ports?")
    save_draft(editor_client, question, title="Which ports, really?")
    response = submit_form(
        editor_client, admin_url(question, "change"), form_with="title", changes={}
    )
    # (the plain submit above publishes; make a new draft to discard)
    save_draft(editor_client, question, title="Something else")
    response = editor_client.post(admin_url(question, "draft_discard"))
    assert response.status_code == 302
    assert not Draft.objects.exists()
    question.refresh_from_db()
    assert question.title == "Which ports, really?"
    form = editor_client.get(admin_url(question, "change"))
    assert "A draft is pending" not in form.text
    assert 'value="Which ports, really?"' in form.text
    assert editor_client.get(admin_url(question, "draft_discard")).status_code == 405


def test_a_draft_is_checked_as_a_save_and_keeps_what_was_typed(editor_client):
    question = make_question(title="Which ports?")
    response = save_draft(editor_client, question, title="", body="Typed with care.")
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "Typed with care.</textarea>" in response.text
    assert not Draft.objects.exists()


def test_a_session_draft_moves_nobody_up_from_the_waitlist_until_published(manager_client):
    session = make_session(capacity=1)
    make_registration(session)
    waiting = make_registration(session, status="waitlisted")
    save_draft(manager_client, session, capacity="2")
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
    session.refresh_from_db()
    assert session.capacity == 1
    assert publish(manager_client, session).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_staff_who_may_not_change_an_item_cannot_draft_it(editor_client):
    session = make_session(title="Phish & Chips Leeds")
    response = editor_client.post(
        admin_url(session, "change"), {"title": "Hijacked", "_save_draft": "1"}
    )
    assert response.status_code == 403
    assert not Draft.objects.exists()
    assert editor_client.post(admin_url(session, "draft_discard")).status_code == 403


def test_a_new_file_in_a_draft_is_served_only_once_published(editor_client, client):
    asset = make_asset(title="Gateway guide")
    publish(editor_client, asset, file=SimpleUploadedFile("guide-one.pdf", PDF))
    asset.refresh_from_db()
    live_file = asset.file.name
    save_draft(editor_client, asset, file=SimpleUploadedFile("guide-two.pdf", PDF_TWO))
    asset.refresh_from_db()
    assert asset.file.name == live_file
    download = client.get(reverse("library:download", kwargs={"slug": asset.slug}))
    assert b"".join(download.streaming_content) == PDF
    # Publishing without choosing the file again keeps the draft's file.
    assert publish(editor_client, asset).status_code == 302
    asset.refresh_from_db()
    assert "guide-two" in asset.file.name
    download = client.get(reverse("library:download", kwargs={"slug": asset.slug}))
    assert b"".join(download.streaming_content) == PDF_TWO


def test_a_product_area_draft_stays_off_its_pages(editor_client, client):
    area = make_area(name="Insider Risk", slug="insider-risk", tagline="Know who moves data.")
    response = submit_form(
        editor_client,
        admin_url(area, "change"),
        form_with="tagline",
        changes={"tagline": "See data leave before it is gone.", "_save_draft": "1"},
    )
    assert response.status_code == 302
    assert "See data leave" not in client.get("/").text
    assert "See data leave" not in client.get(area.get_absolute_url()).text
    submit_form(editor_client, admin_url(area, "change"), form_with="tagline", changes={})
    assert "See data leave before it is gone." in client.get("/").text


def test_the_list_says_which_items_have_a_draft_pending(editor_client):
    drafted = make_question(title="Drafted answer")
    make_question(title="Quiet answer")
    save_draft(editor_client, drafted, body="Soon.")
    html = editor_client.get("/admin/faq/question/").text
    rows = {
        title: row
        for row in re.findall(r"<tr.*?</tr>", html, re.DOTALL)
        for title in ("Drafted answer", "Quiet answer")
        if title in row
    }
    assert "Pending since" in rows["Drafted answer"]
    assert "by content-editors" in rows["Drafted answer"]
    assert "Pending since" not in rows["Quiet answer"]
