"""Two members of staff edit one item at once, each in their own browser."""

import io
import re

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

from content.images.models import Image
from content.library.models import Asset
from tests.browser.helpers import assert_accessible_at_every_width, close_page, new_page
from tests.factories import make_asset

# A live item's form says "Publish" (beside "Save draft"); a draft's says "Save".
SAVE = re.compile(r"^(Save|Publish)$")


@pytest.fixture
def two_editors(browser, live_server, django_user_model):
    """Return Sam's and Kim's pages, each in a browser context of its own, signed in."""
    pages = []
    for username, first, last in [("sam", "Sam", "Jones"), ("kim", "Kim", "Lee")]:
        # Superusers: live-server tests flush the groups that migrations make.
        django_user_model.objects.create_superuser(
            username, f"{username}@example.com", "correct horse", first_name=first, last_name=last
        )
        page = new_page(browser, live_server.url)
        page.goto("/admin/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("correct horse")
        page.get_by_role("button", name="Log in").click()
        pages.append(page)
    yield pages
    for page in pages:
        close_page(page)


def test_the_second_save_is_refused_with_the_first_ones_changes_and_nothing_typed_lost(
    two_editors, monkeypatch
):
    sam, kim = two_editors
    asset = make_asset(title="Quarantine release guide", body="Release held messages daily.")
    url = f"/admin/library/asset/{asset.pk}/change/"

    # Sam's page beats every second, so that it hears of Kim quickly; Kim's
    # at the usual pace (the test's in-memory SQLite lets one request write at a time).
    with monkeypatch.context() as fast:
        fast.setattr("content.editorial.admin.PRESENCE_HEARTBEAT_SECONDS", 1)
        sam.goto(url)
    kim.goto(url)
    hint = "Being edited by Sam Jones right now"
    expect(kim.locator(".editing-hint")).to_contain_text(hint)
    # Sam's page hears of Kim at its next heartbeat.
    expect(sam.locator(".editing-hint")).to_contain_text("Being edited by Kim Lee right now")

    sam.get_by_label("Body").fill("Release held messages hourly.")
    sam.get_by_role("button", name=SAVE).click()
    expect(sam.locator(".messagelist")).to_contain_text("was changed successfully")

    kim.get_by_label("Title").fill("Releasing quarantined messages")
    kim.get_by_label("Summary").fill("Kim's summary, typed with care.")
    kim.get_by_role("button", name=SAVE).click()

    conflict = kim.locator(".edit-conflict")
    expect(conflict).to_contain_text("Sam Jones changed this item while you had it open")
    expect(conflict.locator("dd del")).to_have_text("daily.")
    expect(conflict.locator("dd ins")).to_have_text("hourly.")
    expect(kim.locator(".errorlist")).to_contain_text(re.compile(r"Sam Jones saved this item at"))
    expect(kim.get_by_label("Title")).to_have_value("Releasing quarantined messages")
    expect(kim.get_by_label("Summary")).to_have_value("Kim's summary, typed with care.")
    assert Asset.objects.get(pk=asset.pk).title == "Quarantine release guide"
    assert_accessible_at_every_width(kim, screenshot="admin-edit-conflict")

    # Kim brings Sam's change into hers, then saves knowingly.
    kim.get_by_label("Body").fill("Release held messages hourly.")
    kim.get_by_role("button", name=SAVE).click()
    expect(kim.locator(".messagelist")).to_contain_text("was changed successfully")
    saved = Asset.objects.get(pk=asset.pk)
    assert saved.title == "Releasing quarantined messages"
    assert saved.body == "Release held messages hourly."
    assert sam.problems == [] and kim.problems == []


def test_preview_opens_the_unsaved_form_in_a_new_tab_on_the_public_page(two_editors):
    sam, _ = two_editors
    asset = make_asset(title="Quarantine release guide", body="Release held messages daily.")
    sam.goto(f"/admin/library/asset/{asset.pk}/change/")
    sam.get_by_text("Markdown guide").click()
    expect(sam.get_by_role("cell", name="**bold** and *italic*")).to_be_visible()
    sam.get_by_label("Title").fill("Releasing quarantined messages")
    sam.get_by_label("Body").fill("## Before you start\n\nOpen **port 587**.")

    with sam.context.expect_page() as opened:
        sam.get_by_role("button", name="Preview").click()
    preview = opened.value
    preview.problems = []
    preview.on(
        "console", lambda message: message.type == "error" and preview.problems.append(message.text)
    )
    expect(preview.get_by_role("heading", level=1)).to_have_text("Releasing quarantined messages")
    expect(preview.get_by_role("heading", name="Before you start")).to_be_visible()
    expect(preview.locator(".preview-banner")).to_contain_text("Preview: not live.")
    expect(preview.locator(".preview-banner")).to_contain_text("Your unsaved changes")
    assert_accessible_at_every_width(preview, screenshot="admin-preview-unsaved")
    assert preview.problems == []

    # Nothing was saved, and the form still holds what was typed.
    assert Asset.objects.get(pk=asset.pk).title == "Quarantine release guide"
    expect(sam.get_by_label("Title")).to_have_value("Releasing quarantined messages")
    assert sam.problems == []


def test_an_editor_picks_a_library_image_into_a_body_and_the_page_shows_it(
    two_editors, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sam, _ = two_editors
    sam.goto("/admin/images/image/add/")
    assert_accessible_at_every_width(sam, screenshot="admin-image-add")
    sam.get_by_label("Image file").set_input_files(
        files=[{"name": "quarantine.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    sam.get_by_label("Description (alt text)").fill("The quarantine list")
    sam.get_by_role("button", name=SAVE).click()
    expect(sam.locator(".messagelist")).to_contain_text("was added successfully")
    assert_accessible_at_every_width(sam, screenshot="admin-image-list")

    asset = make_asset(title="Quarantine release guide", body="Open the list.")
    sam.goto(f"/admin/library/asset/{asset.pk}/change/")
    body = sam.get_by_label("Body")
    body.press("End")
    sam.get_by_text("Insert an image").click()
    sam.get_by_role("button", name="Insert The quarantine list").click()
    image = Image.objects.get()
    expect(body).to_have_value(f"Open the list.\n\n![The quarantine list]({image.url()})\n\n")
    assert_accessible_at_every_width(sam, screenshot="admin-image-picker")
    sam.get_by_role("button", name=SAVE).click()
    expect(sam.locator(".messagelist")).to_contain_text("was changed successfully")

    sam.goto(asset.get_absolute_url())
    shown = sam.get_by_role("img", name="The quarantine list")
    expect(shown).to_have_attribute("width", "1200")
    expect(shown).to_have_attribute("srcset", re.compile(r"480\.png 480w"))
    shown.scroll_into_view_if_needed()
    expect(shown).to_have_js_property("complete", True)
    assert shown.evaluate("image => image.naturalWidth") > 0
    assert sam.problems == []  # no CSP violation, no failed load


def png_bytes():
    data = io.BytesIO()
    PILImage.linear_gradient("L").resize((1200, 600)).save(data, format="PNG")
    return data.getvalue()
