"""Revisions, compare, drafts and recently deleted in a real browser, checked with axe."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from content.faq.models import Question
from tests.browser.helpers import assert_accessible_at_every_width
from tests.browser.test_admin import sign_in
from tests.factories import make_question


@pytest.fixture
def faq_editor(django_user_model):
    """A content editor who may do everything to FAQ questions (made here: a
    live-server test empties the database, groups included)."""
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="faq",
            codename__in=["view_question", "change_question", "add_question", "delete_question"],
        )
    )
    user = django_user_model.objects.create_user("editor", password="correct horse", is_staff=True)
    user.groups.add(group)
    return user


def test_history_compare_draft_and_recently_deleted_pages(page, faq_editor):
    question = make_question(title="Which ports?", body="Mail leaves on port 25.")
    page.goto(f"/admin/faq/question/{question.pk}/change/")
    sign_in(page)
    page.get_by_label("Body").fill("Mail leaves on port 587.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("is live")
    page.goto(f"/admin/faq/question/{question.pk}/change/")
    page.get_by_label("Title").fill("Which ports does mail use?")
    page.get_by_role("button", name="Publish").click()
    # Saved before the next page is asked for, or the two race.
    expect(page.locator(".messagelist")).to_contain_text("is live")

    page.goto(f"/admin/faq/question/{question.pk}/change/")
    page.get_by_label("Summary").fill("Ports for relay and submission.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist")).to_contain_text("The draft is saved")
    expect(page.get_by_text("A draft is pending")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="admin-draft-pending")
    question.refresh_from_db()
    assert question.summary != "Ports for relay and submission."

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name=re.compile("History of"))).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="admin-history")
    page.get_by_label("Before: the revision of", exact=False).last.check()
    page.get_by_role("button", name="Compare the chosen revisions").click()
    # The first revision is the first save in the admin: the title changed since.
    expect(page.locator(".history-words del")).to_have_text(["ports?"])
    expect(page.locator(".history-words ins")).to_have_text(["ports does mail use?"])
    assert_accessible_at_every_width(page, screenshot="admin-history-compare")

    page.get_by_role("link", name="History").last.click()
    page.get_by_role("link", name="Compare the draft with the live version").click()
    expect(page.locator(".history-words ins")).to_have_text(["Ports for relay and submission."])

    doomed = make_question(title="Old relay answer")
    page.goto(f"/admin/faq/question/{doomed.pk}/delete/")
    page.get_by_role("button", name=re.compile("Yes")).click()
    page.get_by_role("link", name="Recently deleted").click()
    expect(page.get_by_role("rowheader", name="Old relay answer")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="admin-recently-deleted")
    page.get_by_role("button", name="Restore “Old relay answer”").click()
    expect(page.locator(".messagelist")).to_contain_text("is restored")
    assert Question.objects.filter(title="Old relay answer").exists()
    assert page.problems == []
