"""The change form's Preview button: the public page with the form's unsaved content."""

import pytest
from django.test import Client

from content.core.models import Content
from tests.editorial.conftest import change_url, form_values
from tests.factories import make_area, make_asset, make_question, make_session

pytestmark = pytest.mark.django_db


def preview_url(item):
    return change_url(item).replace("/change/", "/preview/")


@pytest.mark.parametrize(
    ("make", "title_field", "text_field", "shown"),
    [
        (make_question, "title", "body", ">FAQ</a>"),
        (make_asset, "title", "body", "Was this helpful?"),
        (make_session, "title", "body", "Add to your calendar"),
        (make_area, "name", "intro", "Top questions"),
    ],
)
def test_preview_renders_the_unsaved_form_in_the_public_template(
    staff, make, title_field, text_field, shown
):
    item = make()
    saved_title = str(item)
    sam = staff("sam")
    data = form_values(sam.get(change_url(item)), "slug") | {
        title_field: ["Not saved yet"],
        text_field: ["## Steps\n\nOpen **port 587** first."],
    }
    response = sam.post(preview_url(item), data)
    assert response.status_code == 200
    text = response.text
    assert "<h1>Not saved yet</h1>" in text
    assert "<strong>port 587</strong>" in text
    assert shown in text  # a part of the kind's own public page
    assert "Preview: not live." in text
    assert "Your unsaved changes; the saved item is" in text
    assert '<meta name="robots" content="noindex">' in text
    assert response["X-Robots-Tag"] == "noindex"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    item.refresh_from_db()
    assert str(item) == saved_title


def test_a_previewed_page_never_reaches_the_page_cache(staff, settings):
    settings.PAGE_CACHE = True
    asset = make_asset(title="Published title")
    visitor = Client()
    assert "Published title" in visitor.get(asset.get_absolute_url()).text
    sam = staff("sam")
    data = form_values(sam.get(change_url(asset))) | {"title": ["Unsaved title"]}
    assert "Unsaved title" in sam.post(preview_url(asset), data).text
    page = Client().get(asset.get_absolute_url())
    assert "Published title" in page.text
    assert "Unsaved title" not in page.text


def test_a_form_with_mistakes_still_previews_and_says_so(staff):
    question = make_question(title="Saved question")
    sam = staff("sam")
    data = form_values(sam.get(change_url(question))) | {
        "title": [""],
        "body": ["A new answer"],
    }
    text = sam.post(preview_url(question), data).text
    assert "<h1>Saved question</h1>" in text
    assert "A new answer" in text
    assert "Fields with mistakes show what is saved" in text


def test_preview_is_refused_to_anyone_who_may_not_change_the_item(client_in_group, staff):
    session = make_session(title="Saved session")
    asset = make_asset()
    data = {"title": "Sneaked in", "body": "Sneaked in"}
    # Content editors may read sessions, not change them.
    editors = client_in_group("Content editors")
    assert editors.post(preview_url(session), data).status_code == 403
    assert client_in_group("Enquiry handlers").post(preview_url(asset), data).status_code == 403
    assert Client().post(preview_url(asset), data).status_code == 403
    assert staff("sam").get(preview_url(asset)).status_code == 405
    assert Content.objects.filter(title="Sneaked in").count() == 0
    assert (
        editors.post(preview_url(asset), form_values(editors.get(change_url(asset)))).status_code
        == 200
    )


def test_the_preview_button_is_on_change_forms_of_those_who_may_change(client_in_group):
    session = make_session()
    asset = make_asset()
    editors = client_in_group("Content editors")
    button = 'formaction="{}" formtarget="_blank"'
    assert button.format(preview_url(asset)) in editors.get(change_url(asset)).text
    assert button.format(preview_url(session)) not in editors.get(change_url(session)).text
    managers = client_in_group("Event managers")
    assert button.format(preview_url(session)) in managers.get(change_url(session)).text


@pytest.mark.parametrize("make", [make_question, make_asset, make_session, make_area])
def test_markdown_fields_come_with_a_syntax_guide(staff, make):
    item = make()
    text = staff("sam").get(change_url(item)).text
    assert "<summary>Markdown guide</summary>" in text
    assert "<code>**bold**</code>" in text
