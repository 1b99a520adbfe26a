"""Library images in Markdown bodies: drawn in the sizes a page needs; no other images.

content.core.markdown calls these (the app registers them in ready()), on
HTML it has already sanitised: `enrich_images` when a body is rendered on
save, `check_image_sources` when a form is checked. Both read the `<img>`
tags nh3 writes, whose attributes are double-quoted and escaped.
"""

import re
from html import unescape

from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from content.images.models import Image

PREFIX = "/images/"
IMG_TAG = re.compile(r"<img\b[^>]*>")
ATTRIBUTE = re.compile(r'\b(src|alt|title)="([^"]*)"')
LIBRARY_SOURCE = re.compile(rf"^{re.escape(PREFIX)}(\d+)/")
# The body column (.prose) is at most 48rem wide; on a phone, the screen.
SIZES = "(min-width: 52rem) 48rem, 100vw"


def _images(html):
    """Return [(tag, {attribute: value})] of every <img> in `html`."""
    return [(tag, dict(ATTRIBUTE.findall(tag))) for tag in IMG_TAG.findall(html)]


def _library_ids(images):
    ids = {}
    for tag, attributes in images:
        match = LIBRARY_SOURCE.match(attributes.get("src", ""))
        if match:
            ids[tag] = int(match[1])
    return ids


def check_image_sources(html):
    """Refuse images from anywhere but the hub's image library, or missing from it."""
    images = _images(html)
    ids = _library_ids(images)
    foreign = [attributes.get("src", "") for tag, attributes in images if tag not in ids]
    if foreign:
        raise ValidationError(
            "Images must come from the hub's image library, so that the page loads nothing "
            "from other sites: %(sources)s is not. Upload the image under Images › Images, "
            "then insert it with “Insert an image” below the body.",
            code="foreign_image",
            params={
                "sources": ", ".join(
                    source or "(an image without an address)" for source in foreign
                )
            },
        )
    known = set(Image.objects.filter(pk__in=set(ids.values())).values_list("pk", flat=True))
    missing = sorted(set(ids.values()) - known)
    if missing:
        raise ValidationError(
            "The image library has no image number %(numbers)s (deleted?). Insert another "
            "image with “Insert an image” below the body.",
            code="missing_image",
            params={"numbers": ", ".join(map(str, missing))},
        )


def enrich_images(html):
    """Give each library image its sizes (srcset), width and height, so the page does not shift."""
    images = _images(html)
    ids = _library_ids(images)
    if not ids:
        return html
    library = Image.objects.in_bulk(set(ids.values()))
    for tag, attributes in images:
        image = library.get(ids.get(tag))
        if image is None:
            continue
        widths = image.widths
        middle = widths[min(1, len(widths) - 1)]
        srcset = format_html_join(", ", "{} {}w", ((image.url(w), w) for w in widths))
        title = (
            format_html(' title="{}"', unescape(attributes["title"]))
            if "title" in attributes
            else ""
        )
        # alt and title come from nh3's output, escaped: unescaped, format_html escapes them once.
        enriched = format_html(
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} '
            'loading="lazy" decoding="async">',
            image.url(middle),
            srcset,
            SIZES,
            image.width,
            image.height,
            unescape(attributes.get("alt", "")),
            title,
        )
        html = html.replace(tag, enriched, 1)
    return html
