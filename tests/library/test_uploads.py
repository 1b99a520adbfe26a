"""Uploads are checked by extension and content, limited in size and stored under safe names."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from content.library.models import Asset
from content.library.uploads import UploadValidator, asset_upload_to
from tests.factories import make_area
from tests.library.conftest import SAMPLES, upload, zip_bytes

pytestmark = pytest.mark.django_db

validate = UploadValidator()


@pytest.mark.parametrize("extension", sorted(SAMPLES))
def test_every_allowed_type_with_matching_content_is_accepted(extension):
    validate(upload(f"guide.{extension}"))


def test_extension_case_does_not_matter():
    validate(upload("GUIDE.PDF", SAMPLES["pdf"]))


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "script.js", "notes", "image.svg"])
def test_other_extensions_are_refused(name):
    with pytest.raises(ValidationError) as error:
        validate(upload(name, b"%PDF-1.7 anything"))
    assert "cannot be uploaded" in str(error.value)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.png", b"MZ\x90\x00 an executable"),
        ("photo.jpg", SAMPLES["png"]),
        ("letter.docx", zip_bytes("readme.txt")),
        ("letter.docx", b"PK\x03\x04 but not really a zip"),
        ("sheet.xlsx", SAMPLES["docx"]),
        ("bundle.zip", b"%PDF-1.7"),
        ("clip.mp4", b"not a video at all"),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        validate(upload(name, content))
    assert "content is not" in str(error.value)


def test_size_limit_comes_from_settings(settings):
    settings.LIBRARY_UPLOAD_MAX_BYTES = 100
    validate(upload("small.pdf", SAMPLES["pdf"][:50]))
    with pytest.raises(ValidationError) as error:
        validate(upload("large.pdf", SAMPLES["pdf"] + b"x" * 200))
    assert "largest file the library accepts is 100" in str(error.value)


def test_stored_names_are_safe_and_unique():
    first = asset_upload_to(None, "../../etc/Über Guide (final).PDF")
    second = asset_upload_to(None, "../../etc/Über Guide (final).PDF")
    assert first.startswith("assets/")
    assert ".." not in first
    assert first.endswith(".pdf")
    assert "ber-guide-final-" in first
    assert first != second
    assert asset_upload_to(None, "....pdf").split("/")[-1].startswith("file-")


def test_uploaded_file_lands_under_media_root_with_size_and_format(media_root):
    asset = Asset.objects.create(
        title="Guide", slug="guide", asset_type="implementation-guide", file=upload("My Guide.pdf")
    )
    assert asset.file_size == len(SAMPLES["pdf"])
    assert asset.format == "PDF"
    stored = media_root / asset.file.name
    assert stored.is_file()
    assert stored.resolve().is_relative_to(media_root.resolve())


def _admin_form(**fields):
    return {
        "title": "Routing checklist",
        "slug": "routing-checklist",
        "summary": "",
        "body": "",
        "asset_type": "configuration-resource",
        "external_url": "",
        "format": "",
        "status": "published",
        "publish_at_0": "2020-01-01",
        "publish_at_1": "09:00:00",
        "tags": "",
        "feedback-TOTAL_FORMS": "0",
        "feedback-INITIAL_FORMS": "0",
        "feedback-MIN_NUM_FORMS": "0",
        "feedback-MAX_NUM_FORMS": "1000",
    } | fields


def test_admin_shows_a_clear_error_for_a_refused_upload(staff_client):
    response = staff_client.post(
        reverse("admin:library_asset_add"),
        _admin_form(file=upload("checklist.pdf", b"<html>not a pdf</html>")),
    )
    assert response.status_code == 200
    assert "content is not a PDF file" in response.text
    assert "errorlist" in response.text
    assert not Asset.objects.exists()


def test_admin_accepts_a_good_upload(staff_client):
    area = make_area()
    response = staff_client.post(
        reverse("admin:library_asset_add"),
        _admin_form(file=upload("checklist.docx"), area=str(area.pk)),
    )
    assert response.status_code == 302, response.text
    asset = Asset.objects.get()
    assert asset.file.name.endswith(".docx")
    assert asset.format == "DOCX"
