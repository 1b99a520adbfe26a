"""/tags/<slug>/ lists everything public with that tag, across every kind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from content.core.models import Content
from tests.factories import make_asset, make_question, make_session
from tests.helpers import page_query_count

pytestmark = pytest.mark.django_db


def test_tag_page_lists_every_kind(client):
    make_question(title="Which LDAP port?", tags=["ldap"])
    make_asset(title="Sync guide", tags=["ldap", "sync"])
    make_session(title="Directory day", tags=["ldap"])
    make_asset(title="Untagged guide")
    make_asset(title="Draft LDAP guide", tags=["ldap"], status=Content.Status.DRAFT)
    response = client.get("/tags/ldap/")
    assert response.status_code == 200
    for title in ["Which LDAP port?", "Sync guide", "Directory day"]:
        assert title in response.text
    assert "Untagged guide" not in response.text
    assert "Draft LDAP guide" not in response.text
    assert "3 items" in response.text
    for label in ["FAQ question", "Implementation guide", "Phish &amp; Chips session"]:
        assert label in response.text


def test_unknown_tag_is_404(client):
    assert client.get("/tags/nothing-here/").status_code == 404


def test_a_tag_only_unpublished_items_carry_is_404(client):
    make_asset(tags=["merger-plans"], status=Content.Status.DRAFT)
    make_question(tags=["merger-plans"], publish_at=timezone.now() + timedelta(days=3))
    response = client.get("/tags/merger-plans/")
    assert response.status_code == 404
    assert "Asset " not in response.text


def test_tags_on_pages_link_to_their_tag_page(client):
    asset = make_asset(tags=["active-directory"])
    assert 'href="/tags/active-directory/"' in client.get(asset.get_absolute_url()).text


def test_tag_page_query_count_is_fixed(client):
    def count():
        return page_query_count(client, "/tags/ldap/")

    for _ in range(2):
        make_asset(tags=["ldap"])
        make_question(tags=["ldap"])
    small = count()
    for _ in range(20):
        make_asset(tags=["ldap"])
        make_session(tags=["ldap"])
    assert count() == small
