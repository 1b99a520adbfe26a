"""The reference shown after sending, and the receipt, open the enquiry's status page."""

import re

import pytest
from django.conf import settings
from django.core import mail, signing
from django.utils import timezone

from content.enquiries.links import SALT, status_path
from content.enquiries.models import Enquiry
from tests.enquiries.factories import make_enquiry
from tests.enquiries.test_contact import _form

pytestmark = pytest.mark.django_db


def test_the_reference_after_sending_and_the_receipt_link_to_the_status_page(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/contact/", _form(), follow=True)
    enquiry = Enquiry.objects.get()
    link = re.search(rf'<a class="reference" href="([^"]+)">{enquiry.reference}</a>', sent.text)
    assert link, sent.text
    (receipt,) = mail.outbox
    emailed = re.search(rf"{re.escape(settings.SITE_URL)}(/contact/status/\S+/)", receipt.body)
    assert emailed, receipt.body
    for path in [link.group(1), emailed.group(1)]:
        page = client.get(path)
        assert page.status_code == 200
        assert enquiry.reference in page.text


def test_the_status_page_shows_reference_status_and_dates_but_no_message(client):
    enquiry = make_enquiry(
        subject="LDAP sync", message="Our secret server is ldap01.internal", company="Acme Ltd"
    )
    enquiry.status = Enquiry.Status.IN_PROGRESS
    enquiry.save()
    response = client.get(status_path(enquiry))
    assert response.status_code == 200
    text = response.text
    assert enquiry.reference in text
    assert "In progress" in text
    assert timezone.localtime(enquiry.created).strftime("%-d %B %Y") in text
    for private in ["ldap01.internal", "LDAP sync", enquiry.name, enquiry.email, "Acme Ltd"]:
        assert private not in text


def test_the_status_page_is_kept_by_no_cache(client):
    response = client.get(status_path(make_enquiry()))
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_a_changed_link_is_refused(client):
    path = status_path(make_enquiry())
    signed = path.rstrip("/").rsplit("/", 1)[1]
    tampered = signed[:-1] + ("A" if signed[-1] != "A" else "B")
    response = client.get(f"/contact/status/{tampered}/")
    assert response.status_code == 400
    assert "This link is not valid" in response.text
    assert "no-store" in response["Cache-Control"]


def test_a_link_to_another_reference_cannot_be_made_without_the_key(client):
    enquiry = make_enquiry()
    forged = signing.dumps(enquiry.reference, salt=SALT, key="not-the-hub's-key")
    assert client.get(f"/contact/status/{forged}/").status_code == 400
    # A receipt token, signed by the hub for another purpose, opens nothing either.
    other = signing.dumps(enquiry.reference, salt="enquiries.receipt")
    assert client.get(f"/contact/status/{other}/").status_code == 400


def test_an_old_link_has_expired(client, settings):
    path = status_path(make_enquiry())
    assert client.get(path).status_code == 200
    settings.ENQUIRY_STATUS_LINK_MAX_AGE_DAYS = 0
    response = client.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.text


def test_a_link_to_a_deleted_enquiry_is_gone(client):
    enquiry = make_enquiry()
    path = status_path(enquiry)
    enquiry.delete()
    assert client.get(path).status_code == 404
