import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture(autouse=True)
def media_root(media_root):
    """Every test here stores its uploads in a folder of its own (tests/conftest.py)."""
    return media_root


def zip_bytes(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


SAMPLES = {
    "pdf": b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n",
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
    "jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 32,
    "gif": b"GIF89a" + b"\x00" * 32,
    "mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32,
    "zip": zip_bytes("readme.txt"),
    "docx": zip_bytes("[Content_Types].xml", "word/document.xml"),
    "xlsx": zip_bytes("[Content_Types].xml", "xl/workbook.xml"),
    "pptx": zip_bytes("[Content_Types].xml", "ppt/presentation.xml"),
}


def upload(name, content=None):
    """Return an uploaded file called `name`, with real content for its extension."""
    extension = name.rsplit(".", 1)[-1].lower()
    return SimpleUploadedFile(name, SAMPLES[extension] if content is None else content)
