"""{% remember %}: parts of pages kept for every visitor, and never one visitor's token."""

import pytest
from django.template import engines
from django.test import RequestFactory

from tests.factories import make_area, make_asset
from tests.helpers import get_counting_queries

pytestmark = pytest.mark.django_db


def test_a_visitor_with_a_session_gets_kept_lists_without_their_queries_and_sees_edits(
    client, page_cache
):
    area = make_area(name="Insider Risk", slug="insider-risk")
    asset = make_asset(title="Exfiltration signals", area=area, asset_type="policy-template")
    # A session cookie keeps the whole page out of the page cache.
    client.cookies["sessionid"] = "a-signed-in-visitor"

    _, first_queries = get_counting_queries(client, "/areas/insider-risk/")
    second, second_queries = get_counting_queries(client, "/areas/insider-risk/")
    assert "Exfiltration signals" in second.text
    assert second_queries < first_queries

    asset.title = "Exfiltration signals, revised"
    asset.save()
    third = client.get("/areas/insider-risk/")
    assert "Exfiltration signals, revised" in third.text


def test_a_part_that_writes_a_csrf_token_is_rendered_for_each_visitor(page_cache):
    page = engines["django"].from_string(
        '{% load fragments %}{% remember "form" %}<form method="post">{% csrf_token %}</form>'
        "{% endremember %}"
    )
    requests = [RequestFactory().get("/somewhere/") for _ in range(2)]
    first, second = (page.render(request=request) for request in requests)
    assert 'name="csrfmiddlewaretoken"' in first
    # Every token is masked afresh; a kept part would give both visitors the first one's.
    assert first != second


def test_a_preview_is_never_kept_for_the_public_page(page_cache):
    page = engines["django"].from_string(
        '{% load fragments %}{% remember "body" %}{{ title }}{% endremember %}'
    )
    request = RequestFactory().get("/library/routing-checklist/")
    assert page.render({"title": "Routing checklist"}, request) == "Routing checklist"
    preview = page.render({"title": "Routing checklist, draft", "preview": "Draft"}, request)
    assert preview == "Routing checklist, draft"
    # The preview left the kept part as it was.
    assert page.render({"title": "Routing checklist"}, request) == "Routing checklist"


def test_the_kept_total_of_a_list_follows_a_new_item(client, page_cache):
    make_asset(title="Routing checklist")
    client.cookies["sessionid"] = "a-signed-in-visitor"
    assert "1 asset" in client.get("/library/").text
    make_asset(title="Journaling guide")
    page = client.get("/library/").text
    assert "2 assets" in page
    assert "Journaling guide" in page


def test_what_is_kept_for_a_signed_in_visitor_never_reaches_another_audience(
    page_cache, django_user_model, settings
):
    page = engines["django"].from_string(
        '{% load fragments %}{% remember "body" %}{{ title }}{% endremember %}'
    )
    signed_in = RequestFactory().get("/library/partner-playbook/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    signed_in.user = django_user_model.objects.create_user("partner")
    assert page.render({"title": "Partner playbook"}, signed_in) == "Partner playbook"
    anonymous = RequestFactory().get("/library/partner-playbook/")
    assert page.render({"title": "Sign in to read"}, anonymous) == "Sign in to read"
    # Nor is an anonymous visitor's part given to someone signed in.
    assert page.render({"title": "Partner playbook"}, signed_in) == "Partner playbook"
