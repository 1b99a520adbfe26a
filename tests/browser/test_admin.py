"""Staff in the admin, in a real browser: each group's pages are accessible,
and nothing typed is lost when a session ends before Save."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from content.core.models import Content
from tests.browser.helpers import assert_accessible_at_every_width
from tests.factories import make_asset


@pytest.fixture
def editor(django_user_model):
    """A member of the Content editors group, with what the group may do to assets.

    Migrations make the group, but a live-server test empties the database
    after it runs, and serialized_rollback does not bring it back once a
    browser has signed in; so the group is made here, if missing, for assets.
    """
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="library", codename__in=["view_asset", "change_asset"]
        )
    )
    user = django_user_model.objects.create_user("editor", password="correct horse", is_staff=True)
    user.groups.add(group)
    return user


def sign_in(page, username="editor", password="correct horse"):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_the_admin_pages_staff_use_have_no_axe_violations(page, editor):
    asset = make_asset(title="Quarantine release guide")
    page.goto("/admin/")
    assert_accessible_at_every_width(page, screenshot="admin-login")
    sign_in(page)
    expect(page.get_by_role("heading", name="Content, sessions and enquiries")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="admin-index")
    page.goto("/admin/library/asset/")
    expect(page.get_by_role("link", name="Quarantine release guide")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="admin-change-list")
    page.goto(f"/admin/library/asset/{asset.pk}/change/")
    assert_accessible_at_every_width(page, screenshot="admin-change-form")
    assert page.problems == []


def test_typed_work_comes_back_after_the_session_ends_and_can_be_saved(page, editor, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 2
    asset = make_asset(title="Quarantine release guide", status=Content.Status.DRAFT)
    page.goto(f"/admin/library/asset/{asset.pk}/change/")
    sign_in(page)
    page.get_by_label("Summary").fill("Written over a long coffee.")
    page.get_by_label("Title").fill("Releasing messages from quarantine")

    page.wait_for_timeout(3_000)  # longer than the idle timeout
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    expect(page.locator(".messagelist")).to_contain_text("what you typed comes back")
    asset.refresh_from_db()
    assert asset.summary != "Written over a long coffee."

    settings.STAFF_SESSION_IDLE_SECONDS = 1800
    sign_in(page)
    expect(page).to_have_url(re.compile(rf"/admin/library/asset/{asset.pk}/change/$"))
    expect(page.locator(".messagelist")).to_contain_text("It is not saved yet")
    expect(page.get_by_label("Summary")).to_have_value("Written over a long coffee.")
    expect(page.get_by_label("Title")).to_have_value("Releasing messages from quarantine")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("in draft")
    asset.refresh_from_db()
    assert asset.summary == "Written over a long coffee."
    assert asset.title == "Releasing messages from quarantine"
