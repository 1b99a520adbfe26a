from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from content.images.models import Image


def image_file(request, pk, width, extension):
    """Serve a library image at one of its widths, from the hub's own address.

    Shown inline, unlike library downloads: the hub wrote these files itself
    (PNG, JPEG or WebP pixels, nothing else), and the type is the one it
    wrote, with nosniff. A stored width never changes (a new image is a new
    upload), so browsers may keep it for a year; the page cache leaves it
    alone, as it carries a Cache-Control of its own.
    """
    image = get_object_or_404(Image, pk=pk)
    if extension != image.extension or width not in image.widths:
        raise Http404("No such image size.")
    try:
        handle = default_storage.open(image.storage_name(width), "rb")
    except FileNotFoundError:
        raise Http404("The image file is missing.") from None
    response = FileResponse(handle, content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    return response
