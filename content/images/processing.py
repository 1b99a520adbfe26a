"""Check an uploaded image by decoding it, and store it again, clean, in several widths.

Pillow decodes the whole image: a file that only looks like a PNG (the
right first bytes, then anything) fails here. Its pixels are then copied
into a new image, so nothing of the file but the pixels survives: no EXIF
(camera, place, time), no XMP, no text chunks, no colour profile. A photo
turned by its EXIF orientation is turned for real first.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

# Pillow's format name → (extension, content type, how to save it).
FORMATS = {
    "PNG": ("png", "image/png", {"optimize": True}),
    "JPEG": ("jpg", "image/jpeg", {"quality": 85, "optimize": True, "progressive": True}),
    "WEBP": ("webp", "image/webp", {"quality": 85, "method": 4}),
}
# The widths an image is stored in, besides its own (when smaller than it).
WIDTHS = (480, 960, 1600)
# Modes each format stores without loss; other modes are converted to the last.
MODES = {
    "PNG": ("RGB", "RGBA", "L", "LA"),
    "JPEG": ("RGB", "L"),
    "WEBP": ("RGB", "RGBA"),
}


def image_decode(upload):
    """Return (format, clean PIL image) for the uploaded file, or raise ValidationError."""
    if upload.size > settings.IMAGES_MAX_BYTES:
        raise ValidationError(
            "This image is %(size)s; the most an image may be is %(limit)s. "
            "Save it smaller (a screenshot as PNG, a photo as JPEG or WebP) and upload it again.",
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IMAGES_MAX_BYTES),
            },
        )
    upload.seek(0)
    try:
        with PILImage.open(upload) as image:
            image_format = image.format
            if image_format not in FORMATS:
                raise ValidationError(
                    "This is a %(format)s image; the library takes PNG, JPEG and WebP images.",
                    code="format",
                    params={"format": image_format or "unknown"},
                )
            width, height = image.size
            if width * height > settings.IMAGES_MAX_PIXELS:
                raise ValidationError(
                    "This image is %(width)s × %(height)s pixels; the most is %(limit)s million "
                    "pixels. Make it smaller and upload it again.",
                    code="too_many_pixels",
                    params={
                        "width": width,
                        "height": height,
                        "limit": settings.IMAGES_MAX_PIXELS // 1_000_000,
                    },
                )
            image.load()
            turned = ImageOps.exif_transpose(image)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        PILImage.DecompressionBombError,
    ):
        raise ValidationError(
            "This file is not an image that can be read (or it is damaged). Upload a PNG, "
            "JPEG or WebP image.",
            code="invalid",
        ) from None
    modes = MODES[image_format]
    pixels = turned if turned.mode in modes else turned.convert(modes[-1])
    # Only the pixels: a new image carries no metadata of the file's.
    clean = PILImage.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    return image_format, clean


def image_widths(width):
    """Return the widths an image `width` pixels wide is stored in, smallest first."""
    return [*(size for size in WIDTHS if size < width), width]


def image_encode(image, image_format, width):
    """Return the bytes of `image` scaled to `width` pixels wide, in `image_format`."""
    if width != image.width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), PILImage.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, format=image_format, **FORMATS[image_format][2])
    return output.getvalue()
