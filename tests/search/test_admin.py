"""Editors' search tools in the admin: gaps, promoted results and synonyms."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from content.search.models import PromotedResult, SearchGap, Synonym
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def test_search_gaps_list_most_frequent_first_without_personal_data(staff_client, client):
    client.get("/search/", {"q": "kerberos"})
    for _ in range(3):
        client.get("/search/", {"q": "saml metadata"})
    response = staff_client.get("/admin/search/searchgap/")
    assert response.status_code == 200
    assert response.text.index("saml metadata") < response.text.index("kerberos")
    fields = {field.name for field in SearchGap._meta.get_fields()}
    assert fields == {"id", "query", "count", "first_searched", "last_searched"}


def test_editor_pins_an_item_for_a_query(staff_client, client):
    guide = make_asset(title="Getting started guide")
    response = staff_client.post(
        "/admin/search/promotedresult/add/",
        {"query": "  Which PORTS? ", "content": guide.pk, "position": 0},
    )
    assert response.status_code == 302
    assert PromotedResult.objects.get().query == "which ports"
    assert "Getting started guide" in client.get("/search/", {"q": "which ports"}).text


def test_editor_adds_a_synonym_that_applies_at_once(staff_client, client):
    make_asset(title="Advanced Threat Protection setup")
    assert "Advanced Threat Protection setup" not in client.get("/search/", {"q": "ATP"}).text
    response = staff_client.post(
        "/admin/search/synonym/add/",
        {"term": "ATP", "equivalents": "Advanced Threat Protection"},
    )
    assert response.status_code == 302
    assert Synonym.objects.filter(term="ATP").exists()
    assert "Advanced Threat Protection setup" in client.get("/search/", {"q": "ATP"}).text


def test_content_editors_may_manage_search_tools():
    codenames = set(
        Group.objects.get(name="Content editors").permissions.values_list("codename", flat=True)
    )
    assert {"add_synonym", "change_promotedresult", "view_searchgap"} <= codenames


def test_pins_and_synonyms_show_at_once_on_cached_search_pages(staff_client, page_cache):
    visitor = Client()  # anonymous, so it gets cached pages
    make_asset(title="Mail setup checklist")
    guide = make_asset(title="Getting started guide")
    make_asset(title="ATP overview")
    make_asset(title="Advanced Threat Protection rollout")
    assert "Getting started guide" not in visitor.get("/search/", {"q": "setup"}).text
    assert "Advanced Threat Protection rollout" not in visitor.get("/search/", {"q": "ATP"}).text

    staff_client.post(
        "/admin/search/promotedresult/add/", {"query": "setup", "content": guide.pk, "position": 0}
    )
    staff_client.post(
        "/admin/search/synonym/add/", {"term": "ATP", "equivalents": "Advanced Threat Protection"}
    )
    assert "Getting started guide" in visitor.get("/search/", {"q": "setup"}).text
    assert "Advanced Threat Protection rollout" in visitor.get("/search/", {"q": "ATP"}).text

    promotion = PromotedResult.objects.get()
    staff_client.post(f"/admin/search/promotedresult/{promotion.pk}/delete/", {"post": "yes"})
    synonym = Synonym.objects.get(term="ATP")
    staff_client.post(
        f"/admin/search/synonym/{synonym.pk}/change/",
        {"term": "ATP", "equivalents": "Advanced Threat Prevention"},
    )
    assert "Getting started guide" not in visitor.get("/search/", {"q": "setup"}).text
    assert "Advanced Threat Protection rollout" not in visitor.get("/search/", {"q": "ATP"}).text
