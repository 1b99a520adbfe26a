"""An area page: resources by type with counts, links into the filtered library,
upcoming sessions and top questions."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from content.core.models import Content
from tests.factories import make_area, make_asset, make_question, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    return make_area(name="Insider Risk", slug="insider-risk", tagline="Threats from within.")


def test_resources_are_grouped_by_type_with_counts(client, area):
    for _ in range(3):
        make_asset(asset_type="policy-template", area=area)
    make_asset(asset_type="response-playbook", area=area)
    make_asset(asset_type="response-playbook", area=area, status=Content.Status.DRAFT)
    make_asset(asset_type="demo-walkthrough", area=make_area())
    response = client.get("/areas/insider-risk/")
    headings = re.findall(r'<h3 id="type-[^"]+">(.+?)</h3>', response.text)
    assert headings == [
        'Policy template <span class="count">(3)</span>',
        'Response playbook <span class="count">(1)</span>',
    ]


def test_links_lead_into_the_library_filtered_on_the_area(client, area):
    make_asset(asset_type="policy-template", area=area)
    make_asset(asset_type="response-playbook", area=area)
    text = client.get("/areas/insider-risk/").text
    assert 'href="/library/?area=insider-risk">All 2 resources for Insider Risk' in text
    assert 'href="/library/?type=policy-template&amp;area=insider-risk"' in text
    # The links are already canonical: the library answers without a redirect.
    assert client.get("/library/?type=policy-template&area=insider-risk").status_code == 200
    assert client.get("/library/?area=insider-risk").status_code == 200


def test_upcoming_sessions_and_top_questions_of_the_area(client, area):
    make_session(title="Insider day", area=area)
    past = timezone.now() - timedelta(days=3)
    make_session(title="Past day", area=area, starts_at=past, ends_at=past + timedelta(hours=2))
    make_session(title="Other area day", area=make_area())
    make_question(title="Can several policies apply?", area=area)
    make_question(title="Other question", area=make_area())
    text = client.get("/areas/insider-risk/").text
    assert "Insider day" in text
    assert "Can several policies apply?" in text
    for absent in ["Past day", "Other area day", "Other question"]:
        assert absent not in text


def test_area_without_content_says_so(client, area):
    text = client.get("/areas/insider-risk/").text
    assert "No resources have been published for this area yet." in text


def test_the_areas_index_lists_every_area_and_the_breadcrumb_leads_there(client, area):
    make_area(name="Command Centre", slug="command-centre", tagline="One console.")
    response = client.get("/areas/")
    assert response.status_code == 200
    assert '<a href="/areas/insider-risk/">Insider Risk</a>' in response.text
    assert "One console." in response.text
    detail = client.get("/areas/insider-risk/").text
    assert '<li><a href="/areas/">Areas</a></li>' in detail
    assert '<a href="/areas/" aria-current="true">Areas</a>' in detail


def test_the_areas_index_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    make_area(slug="first")
    client.get("/areas/")
    for number in range(10):
        make_area(slug=f"area-{number}")
    with django_assert_num_queries(1):
        client.get("/areas/")
