import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from content.library.models import Asset
from content.library.uploads import UploadValidator

pytestmark = pytest.mark.django_db


def test_demo_pdfs_download_and_pass_the_upload_check(client):
    call_command("load_demo_content")
    with_files = list(Asset.objects.published().exclude(file=""))
    assert with_files
    for asset in with_files:
        response = client.get(asset.get_download_url())
        content = b"".join(response.streaming_content)
        assert response["Content-Type"] == "application/pdf"
        UploadValidator()(SimpleUploadedFile("demo.pdf", content))
