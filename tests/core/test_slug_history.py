"""When a slug changes, the old address answers 301 to the new one, for every kind."""

import pytest
from django.urls import reverse

from content.core.models import Content, SlugHistory
from tests.factories import make_asset, make_question, make_session
from tests.library.conftest import upload

pytestmark = pytest.mark.django_db

KINDS = [make_question, make_asset, make_session]


def _rename(item, slug):
    item.slug = slug
    item.save()
    return item


@pytest.mark.parametrize("make", KINDS)
def test_old_address_redirects_permanently_to_the_new_one(client, make):
    item = make(slug="old-name")
    old_url = item.get_absolute_url()
    _rename(item, "new-name")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("make", KINDS)
def test_every_former_slug_leads_to_the_current_one(client, make):
    item = make(slug="first")
    first_url = item.get_absolute_url()
    _rename(item, "second")
    second_url = item.get_absolute_url()
    _rename(item, "third")
    assert client.get(first_url)["Location"] == item.get_absolute_url()
    assert client.get(second_url)["Location"] == item.get_absolute_url()


def test_query_string_is_kept(client):
    asset = make_asset(slug="old")
    _rename(asset, "new")
    assert client.get("/library/old/?ref=mail")["Location"] == "/library/new/?ref=mail"


def test_slug_changed_in_the_admin_is_remembered(staff_client, client):
    question = make_question(slug="ports", topic="Network")
    response = staff_client.post(
        reverse("admin:faq_question_change", args=[question.pk]),
        {
            "title": question.title,
            "slug": "network-ports",
            "summary": "",
            "body": "Port 25.",
            "topic": "Network",
            "order": "0",
            "status": "published",
            "publish_at_0": "2020-01-01",
            "publish_at_1": "09:00:00",
            "tags": "",
        },
    )
    assert response.status_code == 302, response.text
    assert client.get("/faq/ports/")["Location"] == "/faq/network-ports/"


def test_history_is_per_kind(client):
    asset = make_asset(slug="ports")
    _rename(asset, "port-list")
    assert client.get("/faq/ports/").status_code == 404
    assert client.get("/library/ports/").status_code == 301


def test_a_new_item_with_a_former_slug_takes_the_address(client):
    old = make_asset(slug="guide")
    _rename(old, "old-guide")
    new = make_asset(slug="guide", title="The new guide")
    response = client.get("/library/guide/")
    assert response.status_code == 200
    assert "The new guide" in response.text
    assert not SlugHistory.objects.filter(slug="guide").exists()
    _rename(new, "newer-guide")
    assert client.get("/library/guide/")["Location"] == "/library/newer-guide/"


def test_former_address_of_an_unpublished_item_stays_404(client):
    asset = make_asset(slug="old")
    _rename(asset, "new")
    asset.status = Content.Status.DRAFT
    asset.save()
    assert client.get("/library/old/").status_code == 404


def test_saving_without_changing_the_slug_records_nothing():
    asset = make_asset(slug="same")
    asset = type(asset).objects.get(pk=asset.pk)
    asset.title = "Retitled"
    asset.save()
    assert not SlugHistory.objects.exists()


def test_unknown_addresses_stay_404(client):
    assert client.get("/library/never-existed/").status_code == 404
    assert client.get("/no/such/page/").status_code == 404


def test_editors_see_the_former_slugs(staff_client):
    asset = make_asset(slug="old-guide")
    _rename(asset, "new-guide")
    text = staff_client.get(reverse("admin:library_asset_change", args=[asset.pk])).text
    assert "Former slugs" in text
    assert "old-guide" in text


def test_every_address_under_the_old_slug_redirects_to_the_same_one_under_the_new(client):
    asset = make_asset(slug="old-guide", file=upload("guide.pdf"))
    session = make_session(slug="old-day")
    _rename(asset, "new-guide")
    _rename(session, "new-day")
    response = client.get("/library/old-guide/download/?ref=mail")
    assert (response.status_code, response["Location"]) == (
        301,
        "/library/new-guide/download/?ref=mail",
    )
    assert client.get(response["Location"]).status_code == 200
    response = client.get("/phish-and-chips/old-day/calendar.ics")
    assert (response.status_code, response["Location"]) == (
        301,
        "/phish-and-chips/new-day/calendar.ics",
    )
    assert client.get(response["Location"])["Content-Type"] == "text/calendar"


def test_a_chain_of_renames_is_one_hop_for_every_address(client):
    session = make_session(slug="first")
    _rename(session, "second")
    _rename(session, "third")
    for old in ["first", "second"]:
        response = client.get(f"/phish-and-chips/{old}/calendar.ics")
        assert response["Location"] == "/phish-and-chips/third/calendar.ics"
        assert client.get(response["Location"]).status_code == 200


def test_an_address_added_to_a_kinds_urls_later_redirects_too(client, settings):
    settings.ROOT_URLCONF = "tests.core.later_urls"
    question = make_question(slug="old-answer")
    _rename(question, "new-answer")
    response = client.get("/faq/old-answer/print/")
    assert (response.status_code, response["Location"]) == (301, "/faq/new-answer/print/")


def test_addresses_with_a_slug_outside_the_kinds_do_not_redirect(client):
    asset = make_asset(slug="ldap", tags=["ldap"])
    _rename(asset, "ldap-guide")
    assert client.get("/tags/ldap/").status_code == 200
    assert client.get("/tags/no-such-tag/").status_code == 404
