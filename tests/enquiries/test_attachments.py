"""One attached file: kept privately, opened only by enquiry handlers, each opening recorded."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings

from content.core.uploads import PrivateStorage
from content.enquiries.models import Enquiry
from content.privacy.models import AccessRecord
from tests.enquiries.factories import make_enquiry
from tests.enquiries.test_contact import _form
from tests.library.conftest import SAMPLES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(media_root, tmp_path, monkeypatch):
    """Keep this test's public media and private files in folders of its own."""
    storage = PrivateStorage(location=tmp_path / "private")
    monkeypatch.setattr(Enquiry._meta.get_field("attachment"), "storage", storage)
    return storage


def _attachment_url(enquiry):
    return f"/admin/enquiries/enquiry/{enquiry.pk}/attachment/"


def test_an_attachment_is_kept_privately_under_a_random_name(client, private_storage, settings):
    response = client.post("/contact/", _form(attachment=upload("my-ldap-screenshot.png")))
    assert response.status_code == 302
    name = Enquiry.objects.get().attachment.name
    assert name.startswith("enquiries/") and name.endswith(".png")
    assert "ldap" not in name
    assert private_storage.open(name).read() == SAMPLES["png"]
    assert not any(settings.MEDIA_ROOT.rglob("*.png"))


def test_the_configured_private_storage_lies_outside_the_public_media():
    location = Path(storages["private"].location).resolve()
    assert not location.is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="no public address"):
        storages["private"].url("enquiries/2026/12/any.pdf")


def test_a_private_file_has_no_public_address(client, private_storage):
    client.post("/contact/", _form(attachment=upload("trace.pdf")))
    name = Enquiry.objects.get().attachment.name
    for path in [f"/media/{name}", f"/private-media/{name}", f"/{name}"]:
        assert client.get(path).status_code == 404, path
    with pytest.raises(ValueError, match="no public address"):
        private_storage.url(name)


@pytest.mark.parametrize(
    ("attachment", "error"),
    [
        (upload("setup.exe", b"MZ\x90\x00"), "Files ending in “.exe” cannot be uploaded"),
        (upload("video.mp4"), "Files ending in “.mp4” cannot be uploaded"),
        (upload("invoice.pdf", b"<html><script>alert(1)</script>"), "is not a PDF file"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_keeping_what_was_typed(client, attachment, error):
    response = client.post("/contact/", _form(attachment=attachment))
    assert response.status_code == 200
    assert error in response.text
    assert 'value="Ada Lovelace"' in response.text
    assert "Our LDAP sync stopped at 02:00." in response.text
    assert not Enquiry.objects.exists()


@override_settings(ENQUIRY_ATTACHMENT_MAX_BYTES=20)
def test_a_file_too_big_is_refused_keeping_what_was_typed(client):
    response = client.post("/contact/", _form(attachment=upload("log.zip")))
    assert response.status_code == 200
    assert "the largest file the contact form accepts is 20\xa0bytes" in response.text
    assert 'value="Ada Lovelace"' in response.text
    assert not Enquiry.objects.exists()


def test_a_good_file_sent_with_a_mistake_elsewhere_asks_to_be_chosen_again(client):
    response = client.post("/contact/", _form(email="nope", attachment=upload("trace.pdf")))
    assert "Please choose your file again" in response.text
    assert not Enquiry.objects.exists()


def _enquiry_with_file(private_storage):
    enquiry = make_enquiry()
    enquiry.attachment.save("trace.pdf", ContentFile(SAMPLES["pdf"]))
    return enquiry


def test_an_enquiry_handler_downloads_the_file_and_the_download_is_recorded(
    client_in_group, private_storage
):
    enquiry = _enquiry_with_file(private_storage)
    handler = client_in_group("Enquiry handlers")
    page = handler.get(f"/admin/enquiries/enquiry/{enquiry.pk}/change/")
    assert _attachment_url(enquiry) in page.text

    response = handler.get(_attachment_url(enquiry))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SAMPLES["pdf"]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{enquiry.reference}-attachment.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    download = AccessRecord.objects.get(what__startswith="the attachment")
    assert download.username == "enquiry-handlers"
    assert download.what == f"the attachment of enquiry {enquiry.reference}"
    assert download.object_id == str(enquiry.pk)


def test_a_content_editor_may_not_download_an_attachment(client_in_group, private_storage):
    enquiry = _enquiry_with_file(private_storage)
    response = client_in_group("Content editors").get(_attachment_url(enquiry))
    assert response.status_code == 403
    assert not AccessRecord.objects.filter(what__startswith="the attachment").exists()


def test_a_visitor_is_sent_to_sign_in(client, private_storage):
    enquiry = _enquiry_with_file(private_storage)
    response = client.get(_attachment_url(enquiry))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_enquiry_without_a_file_has_nothing_to_download(client_in_group):
    enquiry = make_enquiry()
    handler = client_in_group("Enquiry handlers")
    assert "No file attached." in handler.get(f"/admin/enquiries/enquiry/{enquiry.pk}/change/").text
    assert handler.get(_attachment_url(enquiry)).status_code == 404
    assert not AccessRecord.objects.filter(what__startswith="the attachment").exists()


def test_a_refused_file_is_logged_as_a_security_event_without_personal_data(client, caplog):
    with caplog.at_level("WARNING", logger="hub.security"):
        client.post("/contact/", _form(attachment=upload("setup.exe", b"MZ\x90\x00")))
    (record,) = [record for record in caplog.records if record.name == "hub.security"]
    assert (record.event, record.reason, record.ip) == ("upload-refused", "file_type", "127.0.0.1")
    assert "Ada" not in record.getMessage() and "setup" not in str(record.__dict__)


@override_settings(ENQUIRY_NOTIFY_EMAILS=["team@example.com"])
def test_the_staff_notice_says_a_file_is_attached_but_not_the_receipt(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", _form(subject="Sync log", attachment=upload("log.zip")))
    receipt, notice = mail.outbox
    assert "File:      attached; open it in the admin" in notice.body
    assert "Sync log" in notice.body
    assert "attached" not in receipt.body
    assert notice.attachments == receipt.attachments == []
