"""Each opening and export of personal data is recorded; superusers read it, nobody edits it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from content.privacy.models import AccessRecord
from tests.enquiries.factories import make_enquiry
from tests.factories import make_registration, make_session

pytestmark = pytest.mark.django_db

RECORDS = reverse("admin:privacy_accessrecord_changelist")


def _member(username, group):
    user = get_user_model().objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager():
    return _member("manager", "Event managers")


@pytest.fixture
def handler():
    return _member("handler", "Enquiry handlers")


def _rows(staff_client):
    """Return the access records' list as the superuser reads it, one text per row."""
    response = staff_client.get(RECORDS)
    assert response.status_code == 200
    body = response.text.partition("<tbody>")[2].partition("</tbody>")[0]
    return body.split("</tr>")[:-1]


def test_opening_and_exporting_registrations_are_recorded(manager, staff_client):
    session = make_session(title="Leeds day")
    first = make_registration(session, email="first@example.com")
    make_registration(session, email="second@example.com")
    manager.get(reverse("admin:events_registration_change", args=[first.pk]))
    manager.get(reverse("admin:events_session_change", args=[session.pk]))
    manager.post(
        reverse("admin:events_session_changelist"),
        {"action": "export_attendees", "_selected_action": [session.pk]},
    )

    export, inline, opened = _rows(staff_client)
    assert "manager" in export and "Exported" in export
    assert f"attendees of Leeds day (session {session.pk})" in export
    assert 'class="field-rows">2<' in export
    assert f"registrations of Leeds day (session {session.pk})" in inline
    assert 'class="field-rows">2<' in inline
    change = reverse("admin:events_registration_change", args=[first.pk])
    assert f'<a href="{change}">registration {first.pk}</a>' in opened
    assert 'class="field-rows">1<' in opened
    # The record names rows by number only, never by the person.
    assert "first@example.com" not in staff_client.get(RECORDS).text


def test_opening_and_exporting_enquiries_are_recorded(handler, staff_client):
    enquiry = make_enquiry(email="asker@example.com")
    handler.get(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]))
    handler.post(
        reverse("admin:enquiries_enquiry_changelist"),
        {"action": "export_csv", "_selected_action": [enquiry.pk]},
    )

    export, opened = _rows(staff_client)
    assert "handler" in export and f"enquiries {enquiry.reference}" in export
    assert "handler" in opened and f"enquiry {enquiry.reference}" in opened
    assert AccessRecord.objects.filter(username="handler", rows=1).count() == 2


def test_a_failed_save_does_not_count_as_a_second_opening(handler):
    enquiry = make_enquiry()
    url = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
    handler.get(url)
    response = handler.post(url, {"status": "no-such-status"})
    assert response.status_code == 200
    assert AccessRecord.objects.count() == 1


def test_only_superusers_read_the_record_and_nobody_edits_it(manager, staff_client):
    session = make_session()
    manager.get(reverse("admin:events_registration_change", args=[make_registration(session).pk]))
    record = AccessRecord.objects.get()
    change = reverse("admin:privacy_accessrecord_change", args=[record.pk])

    assert manager.get(RECORDS).status_code == 403
    assert manager.get(change).status_code == 403
    assert "Access records" not in manager.get("/admin/").text
    assert "Access records" in staff_client.get("/admin/").text
    page = staff_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert staff_client.post(change, {"rows": 0}).status_code == 403
    assert staff_client.get(reverse("admin:privacy_accessrecord_add")).status_code == 403
    delete = reverse("admin:privacy_accessrecord_delete", args=[record.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert record.rows == 1
