"""Staff see what they are about to publish: a preview of the real page, and draft files.

The preview is the kind's public page with a "Preview: not live" banner, is
never cached or indexed, and is a 404 for anyone who may not see the kind.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.core.models import Content
from tests.factories import make_asset, make_question, make_session
from tests.library.conftest import upload

pytestmark = pytest.mark.django_db

DRAFT = Content.Status.DRAFT


def preview_url(item):
    return reverse("preview", kwargs={"kind": item.kind, "pk": item.pk})


def change_url(item):
    meta = item._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[item.pk])


@pytest.mark.parametrize(
    ("group", "make", "shown"),
    [
        ("Content editors", make_question, ">FAQ</a>"),
        ("Content editors", make_asset, "Was this helpful?"),
        ("Event managers", make_session, "Add to your calendar"),
    ],
)
def test_staff_preview_a_draft_on_its_real_page_with_a_banner(
    client_in_group, client, group, make, shown
):
    item = make(title="Not out yet", status=DRAFT)
    assert client.get(item.get_absolute_url()).status_code == 404
    response = client_in_group(group).get(preview_url(item))
    assert response.status_code == 200
    text = response.text
    assert "<h1>Not out yet</h1>" in text
    assert "Preview: not live." in text
    assert "Draft." in text
    assert shown in text  # a part of the kind's own page
    assert '<meta name="robots" content="noindex">' in text
    assert response["X-Robots-Tag"] == "noindex"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


def test_preview_of_a_scheduled_item_says_when_it_goes_live(editor_client):
    later = timezone.now() + timedelta(days=3)
    asset = make_asset(publish_at=later)
    text = editor_client.get(preview_url(asset)).text
    local = timezone.localtime(later)
    assert f"Scheduled for {local.day} {local:%b %Y %H:%M} {local.tzname()}." in text


def test_preview_is_a_404_for_everyone_who_may_not_see_the_kind(client_in_group, client):
    asset = make_asset(status=DRAFT)
    assert client.get(preview_url(asset)).status_code == 404
    assert client_in_group("Enquiry handlers").get(preview_url(asset)).status_code == 404


def test_preview_of_an_unknown_kind_or_item_is_a_404(editor_client):
    asset = make_asset(status=DRAFT)
    assert editor_client.get(f"/preview/page/{asset.pk}/").status_code == 404
    assert editor_client.get(f"/preview/asset/{asset.pk + 1000}/").status_code == 404
    assert editor_client.get("/preview/asset/nine/").status_code == 404


def test_preview_never_enters_the_page_cache(editor_client, settings):
    settings.PAGE_CACHE = True
    asset = make_asset(title="Not out yet", status=DRAFT)
    assert editor_client.get(preview_url(asset)).status_code == 200
    assert Client().get(preview_url(asset)).status_code == 404
    # A request with no cookie at all, as a shared cache would store it.
    response = Client().get(preview_url(asset))
    assert "Not out yet" not in response.text


def test_view_on_site_opens_the_preview_until_the_item_is_live(editor_client):
    draft = make_asset(status=DRAFT)
    live = make_asset()
    text = editor_client.get(change_url(draft)).text
    assert f'href="{preview_url(draft)}" class="viewsitelink"' in text
    text = editor_client.get(change_url(live)).text
    assert f'href="{live.get_absolute_url()}" class="viewsitelink"' in text


def test_staff_open_a_drafts_file_from_the_admin_the_public_only_once_live(editor_client, client):
    asset = make_asset(status=DRAFT, file=upload("guide.pdf"))
    assert client.get(asset.get_download_url()).status_code == 404
    change = editor_client.get(change_url(asset)).text
    file_url = reverse("admin:library_asset_file", args=[asset.pk])
    assert f'href="{file_url}"' in change
    response = editor_client.get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # The preview's download button opens the same file, not the public 404.
    assert f'href="{file_url}">Download' in editor_client.get(preview_url(asset)).text
    asset.refresh_from_db()
    assert asset.download_count == 0
    asset.publish()
    asset.save()
    assert client.get(asset.get_download_url()).status_code == 200


def test_a_drafts_file_is_a_404_for_staff_who_may_not_see_assets(client_in_group):
    asset = make_asset(status=DRAFT, file=upload("guide.pdf"))
    file_url = reverse("admin:library_asset_file", args=[asset.pk])
    assert client_in_group("Enquiry handlers").get(file_url).status_code == 404
    assert Client().get(file_url).status_code == 302  # to the admin's sign-in page
