"""Downloads are counted and served with a safe type and disposition."""

import pytest
from django.urls import reverse

from content.core.models import Content
from content.library.models import Asset
from tests.factories import make_asset
from tests.library.conftest import SAMPLES, upload

pytestmark = pytest.mark.django_db


def _download(client, asset):
    response = client.get(asset.get_download_url())
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_every_download_is_counted(client):
    asset = make_asset(file=upload("guide.pdf"))
    for _ in range(3):
        assert _download(client, asset)[0].status_code == 200
    assert client.head(asset.get_download_url()).status_code == 200
    asset.refresh_from_db()
    assert asset.download_count == 3


@pytest.mark.parametrize(
    ("extension", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("png", "image/png"),
        ("jpg", "image/jpeg"),
        ("gif", "image/gif"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("zip", "application/zip"),
        ("mp4", "video/mp4"),
    ],
)
def test_every_file_is_an_attachment_never_shown_from_the_hubs_origin(
    client, extension, content_type
):
    """A PDF or image opened inline would run with the hub's origin; a download does not."""
    asset = make_asset(slug="policy-pack", file=upload(f"Policy Pack.{extension}"))
    response, body = _download(client, asset)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="policy-pack.{extension}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body == SAMPLES[extension]


def test_staff_preview_of_a_file_is_an_attachment_too(admin_client):
    asset = make_asset(slug="guide", file=upload("guide.pdf"), status=Content.Status.DRAFT)
    response = admin_client.get(reverse("admin:library_asset_file", args=[asset.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="guide.pdf"'


@pytest.mark.parametrize(
    "fields",
    [{"status": Content.Status.DRAFT}, {"publish_at": "2999-01-01T00:00:00Z"}],
)
def test_files_of_drafts_and_scheduled_assets_are_not_served(client, fields):
    asset = make_asset(file=upload("guide.pdf"), **fields)
    assert client.get(asset.get_download_url()).status_code == 404
    asset.refresh_from_db()
    assert asset.download_count == 0


def test_asset_without_a_file_has_no_download(client):
    asset = make_asset(external_url="https://docs.example.com/")
    assert client.get(asset.get_download_url()).status_code == 404


def test_missing_file_is_a_404_not_a_crash(client, media_root):
    asset = make_asset(file=upload("guide.pdf"))
    (media_root / asset.file.name).unlink()
    assert client.get(asset.get_download_url()).status_code == 404
    assert Asset.objects.get(pk=asset.pk).download_count == 0
