"""/library/: newest first, filters that combine and count, shareable canonical URLs."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from content.core.models import Content
from tests.factories import make_area, make_asset
from tests.helpers import page_query_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    insider = make_area(name="Insider Risk", slug="insider-risk")
    command = make_area(name="Command Centre", slug="command-centre")
    make_asset(
        title="DLP template",
        asset_type="policy-template",
        area=insider,
        format="DOCX",
        tags=["dlp"],
    )
    make_asset(
        title="Leaver playbook",
        asset_type="response-playbook",
        area=insider,
        format="PDF",
        tags=["dlp", "leavers"],
    )
    make_asset(
        title="Sync guide",
        asset_type="implementation-guide",
        area=command,
        format="PDF",
        tags=["ldap"],
    )
    make_asset(
        title="Draft template", asset_type="policy-template", area=insider, format="DOCX",
        tags=["dlp"], status=Content.Status.DRAFT,
    )  # fmt: skip
    return {"insider": insider, "command": command}


def _titles(response):
    return [asset.title for asset in response.context["assets"]]


def test_filters_combine(client, library):
    assert sorted(_titles(client.get("/library/?area=insider-risk"))) == [
        "DLP template",
        "Leaver playbook",
    ]
    assert _titles(client.get("/library/?tag=dlp&format=PDF")) == ["Leaver playbook"]
    assert _titles(client.get("/library/?type=policy-template&area=insider-risk&tag=dlp")) == [
        "DLP template"
    ]
    assert _titles(client.get("/library/?type=policy-template&area=command-centre")) == []


def test_drafts_never_count_or_show(client, library):
    response = client.get("/library/?type=policy-template")
    assert "Draft template" not in response.text
    assert "1 asset match" in response.text


def test_each_choice_shows_how_many_results_it_gives(client, library):
    text = client.get("/library/?area=insider-risk").text
    # Counted with the other filters applied: within Insider Risk.
    assert '<option value="dlp">dlp (2)</option>' in text
    assert '<option value="leavers">leavers (1)</option>' in text
    assert '<option value="PDF">PDF (1)</option>' in text
    assert '<option value="policy-template">Policy template (1)</option>' in text
    # A filter's own choices ignore its own selection, so one can switch area.
    assert '<option value="command-centre">Command Centre (1)</option>' in text
    assert '<option value="insider-risk" selected>Insider Risk (2)</option>' in text


def test_filters_work_without_javascript_as_a_get_form(client, library):
    text = client.get("/library/").text
    assert '<form class="filters" method="get" action="/library/"' in text
    for name in ["type", "area", "tag", "format"]:
        assert f'<label for="filter-{name}">' in text
        assert f'name="{name}"' in text
    assert '<button type="submit">Apply filters</button>' in text


def test_submitted_form_redirects_to_the_one_canonical_address(client, library):
    response = client.get("/library/?format=&tag=dlp&type=&area=insider-risk&page=1")
    assert response.status_code == 302
    assert response["Location"] == "/library/?area=insider-risk&tag=dlp"
    assert client.get("/library/?type=&area=").get("Location") == "/library/"


def test_canonical_link_names_the_filters_in_a_fixed_order(client, library):
    text = client.get("/library/?area=insider-risk&tag=dlp").text
    assert (
        f'<link rel="canonical" href="{settings.SITE_URL}/library/?area=insider-risk&amp;tag=dlp">'
        in text
    )


def test_result_count_and_pagination_keep_the_filters(client, settings):
    area = make_area(slug="command-centre")
    for number in range(30):
        make_asset(area=area, title=f"Guide {number:02}")
    response = client.get("/library/?area=command-centre")
    assert "30 assets match these filters" in response.text
    assert 'href="?area=command-centre&amp;page=2"' in response.text
    second = client.get("/library/?area=command-centre&page=2")
    assert len(second.context["assets"]) == 6
    assert (
        f'rel="canonical" href="{settings.SITE_URL}/library/?area=command-centre&amp;page=2"'
        in second.text
    )
    assert client.get("/library/?area=command-centre&page=9").status_code == 404


def test_one_result_is_counted_in_the_singular(client, library):
    text = client.get("/library/?area=command-centre").text
    assert "1 asset matches these filters" in text


def test_newest_first(client):
    now = timezone.now()
    make_asset(title="Old", publish_at=now - timedelta(days=9))
    make_asset(title="New", publish_at=now - timedelta(days=1))
    make_asset(title="Middle", publish_at=now - timedelta(days=4))
    assert _titles(client.get("/library/")) == ["New", "Middle", "Old"]


def test_empty_result_offers_to_clear_filters(client, library):
    response = client.get("/library/?tag=no-such-tag")
    assert response.status_code == 200
    assert "No assets match these filters." in response.text
    assert '<a class="button" href="/library/">Clear all filters</a>' in response.text
    # The unknown value stays visible and removable.
    assert '<option value="no-such-tag" selected>no-such-tag (0)</option>' in response.text


def test_a_choice_that_gives_nothing_with_the_others_keeps_its_human_name(client, library):
    # Nothing in Insider Risk is an implementation guide, nor tagged ldap.
    text = client.get("/library/?type=implementation-guide&area=insider-risk&tag=ldap").text
    assert "No assets match these filters." in text
    assert '<option value="implementation-guide" selected>Implementation guide (0)</option>' in text
    assert '<option value="ldap" selected>ldap (0)</option>' in text
    assert "implementation-guide (0)" not in text
    assert "Type: Implementation guide" in text


def test_an_area_that_gives_nothing_with_the_others_keeps_its_name(client, library):
    text = client.get("/library/?area=command-centre&tag=leavers").text
    assert '<option value="command-centre" selected>Command Centre (0)</option>' in text
    assert "Product area: Command Centre" in text


def test_active_filters_can_be_removed_one_by_one(client, library):
    text = client.get("/library/?area=insider-risk&tag=dlp").text
    assert 'href="/library/?tag=dlp" aria-label="Remove filter Product area: Insider Risk"' in text
    assert 'href="/library/?area=insider-risk" aria-label="Remove filter Tag: dlp"' in text


def _fill(count, areas):
    types = ["policy-template", "response-playbook", "implementation-guide"]
    for number in range(count):
        make_asset(
            area=areas[number % 2],
            asset_type=types[number % 3],
            format=["PDF", "DOCX"][number % 2],
            tags=["dlp", f"tag-{number % 4}"],
        )


URLS = [
    "/library/",
    "/library/?area=insider-risk",
    "/library/?type=policy-template&area=insider-risk&tag=dlp&format=PDF",
    "/library/?tag=dlp&page=2",
    "/library/updates/",
]


def test_query_count_is_fixed_as_the_library_grows(client):
    areas = [make_area(slug="insider-risk"), make_area(slug="command-centre")]
    _fill(26, areas)
    small = {url: page_query_count(client, url) for url in URLS}
    _fill(26, areas)
    large = {url: page_query_count(client, url) for url in URLS}
    assert large == small
    assert max(small.values()) <= 8, small
