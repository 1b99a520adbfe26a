"""A full disk under an upload: a clear form error, and no half-written file left."""

import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from content.library.models import Asset
from tests.helpers import submit_form
from tests.library.conftest import SAMPLES, upload

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

ADD_ASSET = "/admin/library/asset/add/"
NEW_ASSET = {
    "title": "Sync guide",
    "slug": "sync-guide",
    "summary": "How sync works.",
    "body": "Sync runs every hour.",
    "asset_type": "implementation-guide",
}


@pytest.fixture
def full_media_root(tmp_path, settings):
    """MEDIA_ROOT on a 1 MB file system of its own."""
    media = tmp_path / "media"
    media.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(media)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a 1 MB tmpfs (needs root): {mounted.stderr.strip()}")
    settings.MEDIA_ROOT = media
    yield media
    subprocess.run(["umount", str(media)], check=True)


@pytest.fixture
def editor_client(client):
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    client.force_login(editor)
    return client


# Under FILE_UPLOAD_MAX_MEMORY_SIZE the upload is written from memory; over it,
# moved from a temporary file on another file system.
@pytest.mark.parametrize("megabytes", [2, 3])
def test_a_full_disk_gives_a_form_error_and_leaves_no_file(
    editor_client, full_media_root, megabytes
):
    too_big = upload("guide.pdf", SAMPLES["pdf"] + b"x" * (megabytes * 1024 * 1024))
    response = submit_form(
        editor_client, ADD_ASSET, form_with="title", changes=NEW_ASSET | {"file": too_big}
    )
    assert response.status_code == 200
    assert "The file could not be stored (No space left on device)" in response.text
    # What was typed is still there.
    assert 'value="Sync guide"' in response.text
    assert "Sync runs every hour." in response.text
    assert not Asset.objects.exists()
    assert [path for path in full_media_root.rglob("*") if path.is_file()] == []


def test_an_upload_that_fits_is_stored(editor_client, full_media_root):
    response = submit_form(
        editor_client,
        ADD_ASSET,
        form_with="title",
        changes=NEW_ASSET | {"file": upload("guide.pdf")},
    )
    assert response.status_code == 302
    asset = Asset.objects.get()
    assert (full_media_root / asset.file.name).read_bytes() == SAMPLES["pdf"]
