import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import PngImagePlugin


@pytest.fixture(autouse=True)
def media_root(media_root):
    """Every test here stores its uploads in a folder of its own (tests/conftest.py)."""
    return media_root


def picture(image_format="PNG", size=(2000, 1000), *, name=None, mode="RGB", **save):
    """Return an uploaded image file drawn with Pillow: a gradient, so it has real pixels."""
    image = PILImage.linear_gradient("L").resize(size).convert(mode)
    data = io.BytesIO()
    image.save(data, format=image_format, **save)
    extension = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}[image_format]
    return SimpleUploadedFile(name or f"picture.{extension}", data.getvalue())


def png_with_text(**chunks):
    info = PngImagePlugin.PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    return picture("PNG", pnginfo=info)


def jpeg_with_exif(orientation=1):
    exif = PILImage.Exif()
    exif[0x010F] = "Phone Maker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0112] = orientation
    return picture("JPEG", size=(1200, 600), exif=exif.tobytes())
