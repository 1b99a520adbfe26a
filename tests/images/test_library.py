"""The image library: uploads decoded, cleaned and stored in sizes; served by the hub."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from content.images.models import Image
from tests.images.conftest import jpeg_with_exif, picture, png_with_text

pytestmark = pytest.mark.django_db

ADD = "/admin/images/image/add/"


def upload(client, file, alt="The quarantine list"):
    return client.post(ADD, {"upload": file, "alt": alt})


def stored(image, width):
    with default_storage.open(image.storage_name(width), "rb") as handle:
        return PILImage.open(io.BytesIO(handle.read()))


def test_a_png_is_stored_in_the_widths_pages_need_without_its_metadata(staff_client):
    response = upload(staff_client, png_with_text(Author="Kim Lee", Location="Home office"))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.image_format, image.width, image.height) == ("PNG", 2000, 1000)
    assert image.widths == [480, 960, 1600, 2000]
    assert image.uploaded_by == staff_client.user
    for width in image.widths:
        file = stored(image, width)
        file.load()
        assert file.format == "PNG"
        assert file.size == (width, width // 2)
        assert "Author" not in file.info and "Location" not in file.info
        assert getattr(file, "text", {}) == {}


def test_a_photo_loses_its_exif_and_is_turned_the_way_it_was_taken(staff_client):
    # Orientation 6: the camera was held on its side; the picture is 600 wide once turned.
    assert upload(staff_client, jpeg_with_exif(orientation=6)).status_code == 302
    image = Image.objects.get()
    assert (image.image_format, image.width, image.height) == ("JPEG", 600, 1200)
    file = stored(image, 600)
    assert file.format == "JPEG"
    assert dict(file.getexif()) == {}
    assert "exif" not in file.info and "icc_profile" not in file.info


def test_a_webp_is_kept_as_webp(staff_client):
    assert upload(staff_client, picture("WEBP", size=(800, 400))).status_code == 302
    image = Image.objects.get()
    assert image.widths == [480, 800]
    assert stored(image, 480).format == "WEBP"


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("shell.png", b"#!/bin/sh\necho hello\n"), "not an image that can"),
        (
            SimpleUploadedFile("cut.png", picture("PNG").read()[:400]),
            "not an image that can",
        ),
        (picture("GIF", size=(40, 40)), "takes PNG, JPEG and WebP"),
    ],
)
def test_a_file_that_is_no_png_jpeg_or_webp_is_refused_and_the_form_keeps_the_text(
    staff_client, file, message
):
    response = upload(staff_client, file, alt="Typed with care")
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Typed with care"' in response.text
    assert not Image.objects.exists()


def test_images_over_the_size_or_pixel_limit_are_refused(staff_client, settings):
    settings.IMAGES_MAX_PIXELS = 1_000_000
    response = upload(staff_client, picture("PNG", size=(2000, 1000)))
    assert "This image is 2000 × 1000 pixels; the most is 1 million pixels." in response.text
    settings.IMAGES_MAX_PIXELS = 25_000_000
    settings.IMAGES_MAX_BYTES = 1024
    response = upload(staff_client, picture("PNG", size=(2000, 1000)))
    assert "the most an image may be is 1.0\xa0KB" in response.text
    assert not Image.objects.exists()


def test_the_hub_serves_each_stored_width_for_a_year_and_nothing_else(staff_client, client):
    upload(staff_client, picture("PNG", size=(1000, 500)))
    image = Image.objects.get()
    response = client.get(image.url(480))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert set(response["Cache-Control"].split(", ")) == {
        "public",
        "max-age=31536000",
        "immutable",
    }
    served = PILImage.open(io.BytesIO(b"".join(response.streaming_content)))
    assert served.size == (480, 240)
    assert client.get(f"/images/{image.pk}/700.png").status_code == 404
    assert client.get(f"/images/{image.pk}/480.jpg").status_code == 404
    assert client.get(f"/images/{image.pk + 1}/480.png").status_code == 404


def test_the_library_needs_staff(client):
    assert client.get(ADD).status_code == 302


def test_editors_manage_the_library_and_event_managers_add_to_it(client_in_group):
    editors = client_in_group("Content editors")
    assert upload(editors, picture("PNG", size=(600, 300))).status_code == 302
    image = Image.objects.get()
    assert editors.get(f"/admin/images/image/{image.pk}/delete/").status_code == 200
    managers = client_in_group("Event managers")
    assert managers.get("/admin/images/image/").status_code == 200
    assert upload(managers, picture("PNG", size=(600, 300))).status_code == 302
    assert managers.get(f"/admin/images/image/{image.pk}/delete/").status_code == 403
    assert client_in_group("Enquiry handlers").get("/admin/images/image/").status_code == 403
