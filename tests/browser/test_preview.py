"""An editor opens a draft from the admin and sees its real page, marked as a preview."""

import re

from playwright.sync_api import expect

from content.core.models import Content
from tests.browser.helpers import assert_accessible_at_every_width, heading
from tests.factories import make_asset


def test_editor_previews_a_draft_through_view_on_site(page, django_user_model):
    # A superuser: the staff groups come from migrations, and earlier
    # live-server tests flush them. tests/core/test_preview.py covers editors.
    django_user_model.objects.create_superuser("editor", password="correct horse")
    make_asset(title="Quarantine release guide", status=Content.Status.DRAFT)

    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Technical assets").click()
    page.get_by_role("link", name="Quarantine release guide").click()
    page.get_by_role("link", name="View on site").click()

    expect(page).to_have_url(re.compile(r"/preview/asset/\d+/$"))
    expect(heading(page)).to_have_text("Quarantine release guide")
    expect(page.locator(".preview-banner")).to_have_text(re.compile(r"Preview: not live\. Draft\."))
    assert_accessible_at_every_width(page, screenshot="preview-draft")
    assert page.problems == []
