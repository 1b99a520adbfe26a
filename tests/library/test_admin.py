"""The asset admin: filters, bulk publishing, dates, sizes, downloads, the site link."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.core.models import Content
from tests.factories import make_area, make_asset
from tests.library.conftest import upload

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/library/asset/"


def test_changelist_shows_file_size_and_download_count(staff_client, client):
    asset = make_asset(title="Sync guide", file=upload("guide.pdf", b"%PDF-" + b"x" * 2043))
    for _ in range(3):
        client.get(asset.get_download_url())
    text = staff_client.get(CHANGELIST).text
    assert 'class="field-size">2.0\xa0KB<' in text
    assert 'class="field-download_count">3<' in text


def test_change_page_shows_size_downloads_and_view_on_site(staff_client):
    asset = make_asset(file=upload("guide.pdf"))
    text = staff_client.get(reverse("admin:library_asset_change", args=[asset.pk])).text
    assert "File size" in text
    assert "Downloads" in text
    assert "View on site" in text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"asset_type__exact": "policy-template"}, "Template", "Playbook"),
        ({"state": "draft"}, "Playbook", "Template"),
        ({"tags__id__exact": "TAG"}, "Template", "Playbook"),
        ({"area__id__exact": "AREA"}, "Playbook", "Template"),
    ],
)
def test_changelist_filters_by_type_status_tag_and_area(staff_client, query, shown, hidden):
    area = make_area()
    template = make_asset(title="Template", asset_type="policy-template", tags=["dlp"])
    make_asset(
        title="Playbook", asset_type="response-playbook", area=area, status=Content.Status.DRAFT
    )
    values = {
        "TAG": str(template.tags.get().pk),
        "AREA": str(area.pk),
    }
    query = {key: values.get(value, value) for key, value in query.items()}
    text = staff_client.get(CHANGELIST, query).text
    assert f">{shown}</a>" in text
    assert f">{hidden}</a>" not in text


def test_date_hierarchy_and_bulk_actions_are_offered(staff_client):
    make_asset()
    text = staff_client.get(CHANGELIST).text
    assert '<span id="date-hierarchy-label">Filter by publish at</span>' in text
    assert 'value="publish"' in text
    assert 'value="unpublish"' in text


def test_bulk_publish_and_unpublish_change_what_the_public_sees(staff_client, client):
    drafts = [make_asset(status=Content.Status.DRAFT) for _ in range(3)]
    staff_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [d.pk for d in drafts[:2]]}
    )
    assert client.get(drafts[0].get_absolute_url()).status_code == 200
    assert client.get(drafts[2].get_absolute_url()).status_code == 404
    staff_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert client.get(drafts[0].get_absolute_url()).status_code == 404


def test_scheduled_items_show_when_and_in_which_time_zone(staff_client, settings):
    when = timezone.now() + timedelta(days=3)
    asset = make_asset(publish_at=when)
    text = staff_client.get(CHANGELIST).text
    local = timezone.localtime(when)
    assert f"Scheduled for {local.day} {local:%b %Y %H:%M} {local.tzname()}" in text
    change = staff_client.get(reverse("admin:library_asset_change", args=[asset.pk])).text
    assert f"Date and time in {settings.TIME_ZONE}" in change
