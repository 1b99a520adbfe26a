"""Staff triage enquiries in the admin and export them."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from content.enquiries.models import Enquiry
from tests.enquiries.factories import make_enquiry
from tests.factories import make_area

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enquiries/enquiry/"


def test_changelist_lists_enquiries_with_triage_filters(staff_client):
    enquiry = make_enquiry(company="Globex", product_area=make_area(), assignee=staff_client.user)
    response = staff_client.get(CHANGELIST)
    assert response.status_code == 200
    assert enquiry.reference in response.text
    assert "Globex" in response.text
    for heading in ["By status", "By topic", "By product area", "By assignee"]:
        assert heading.lower() in response.text.lower(), heading


def test_filter_by_status_and_search_by_reference(staff_client):
    open_one = make_enquiry()
    closed = make_enquiry(status=Enquiry.Status.CLOSED)
    response = staff_client.get(CHANGELIST, {"status__exact": "new"})
    assert open_one.reference in response.text
    assert closed.reference not in response.text
    response = staff_client.get(CHANGELIST, {"q": closed.reference})
    assert closed.reference in response.text
    assert open_one.reference not in response.text


def test_staff_set_status_assignee_and_notes_but_not_what_was_sent(staff_client):
    enquiry = make_enquiry(message="Original words")
    response = staff_client.post(
        reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]),
        {
            "status": "in-progress",
            "assignee": staff_client.user.pk,
            "internal_notes": "Called them back.",
            "message": "Rewritten words",
        },
    )
    assert response.status_code == 302, response.text
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.IN_PROGRESS
    assert enquiry.assignee == staff_client.user
    assert enquiry.internal_notes == "Called them back."
    assert enquiry.message == "Original words"


def test_only_staff_can_be_assigned(staff_client):
    outsider = get_user_model().objects.create_user("visitor", password="x")
    enquiry = make_enquiry()
    response = staff_client.get(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]))
    assert f'<option value="{staff_client.user.pk}">' in response.text
    assert f'<option value="{outsider.pk}">' not in response.text


def test_staff_do_not_add_enquiries_by_hand(staff_client):
    assert staff_client.get("/admin/enquiries/enquiry/add/").status_code == 403


def test_bulk_status_change(staff_client):
    enquiries = [make_enquiry() for _ in range(2)]
    staff_client.post(
        CHANGELIST,
        {"action": "mark_answered", "_selected_action": [e.pk for e in enquiries]},
    )
    assert set(Enquiry.objects.values_list("status", flat=True)) == {"answered"}


def test_csv_export_holds_every_column_and_defuses_formulas(staff_client):
    enquiry = make_enquiry(
        name='=HYPERLINK("http://evil.example")', company="+1 Corp", message="Line one\nline two"
    )
    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [enquiry.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    record = dict(zip(header, row, strict=True))
    assert record["Reference"] == enquiry.reference
    assert record["Topic"] == "Technical support"
    assert record["Status"] == "New"
    assert record["Name"] == '\'=HYPERLINK("http://evil.example")'
    assert record["Company"] == "'+1 Corp"
    assert record["Message"] == "Line one\nline two"


def test_csv_export_keeps_a_formula_after_a_separator_in_its_quoted_cell(staff_client):
    enquiry = make_enquiry(company="x;=1+1", message="@SUM(A1)")
    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [enquiry.pk]}
    )
    text = response.content.decode()
    assert '"x;=1+1"' in text
    assert '"\'@SUM(A1)"' in text
    assert all(line.startswith('"') for line in text.splitlines())


def test_enquiry_handlers_group_may_triage_but_not_delete(client):
    handler = get_user_model().objects.create_user("handler", password="x", is_staff=True)
    handler.groups.add(Group.objects.get(name="Enquiry handlers"))
    client.force_login(handler)
    enquiry = make_enquiry()
    assert client.get(CHANGELIST).status_code == 200
    change = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
    response = client.post(change, {"status": "answered", "assignee": handler.pk})
    assert response.status_code == 302
    assert (
        client.get(reverse("admin:enquiries_enquiry_delete", args=[enquiry.pk])).status_code == 403
    )


def test_reading_enquiries_is_not_exporting_them(client):
    reader = get_user_model().objects.create_user("reader", password="x", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_enquiry"))
    client.force_login(reader)
    enquiry = make_enquiry(email="asker@example.com")
    assert 'value="export_csv"' not in client.get(CHANGELIST).text
    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [enquiry.pk]}, follow=True
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_bulk_status_change_shows_in_each_enquirys_history(client_in_group):
    staff_client = client_in_group("Enquiry handlers")
    enquiries = [make_enquiry() for _ in range(2)]
    already = make_enquiry(status=Enquiry.Status.ANSWERED)
    response = staff_client.post(
        CHANGELIST,
        {"action": "mark_answered", "_selected_action": [e.pk for e in [*enquiries, already]]},
        follow=True,
    )
    assert "2 enquiry(ies) marked answered." in response.text
    for enquiry in enquiries:
        history = staff_client.get(reverse("admin:enquiries_enquiry_history", args=[enquiry.pk]))
        assert "Status set to Answered." in history.text
        assert "enquiry-handlers" in history.text
    history = staff_client.get(reverse("admin:enquiries_enquiry_history", args=[already.pk]))
    assert "Status set to Answered." not in history.text


def _staff(username, group=None):
    user = get_user_model().objects.create_user(
        username, f"{username}@staff.example", "x", is_staff=True
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def test_only_staff_who_may_read_enquiries_can_be_assigned(client):
    handler = _staff("handler", "Enquiry handlers")
    colleague = _staff("colleague", "Enquiry handlers")
    editor = _staff("editor", "Content editors")
    client.force_login(handler)
    enquiry = make_enquiry()
    change = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
    page = client.get(change).text
    assert f'<option value="{colleague.pk}">colleague</option>' in page
    assert f'<option value="{handler.pk}">handler</option>' in page
    assert f'<option value="{editor.pk}">' not in page

    response = client.post(
        change, {"status": "new", "assignee": editor.pk, "internal_notes": "For the editor"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "For the editor" in response.text
    enquiry.refresh_from_db()
    assert enquiry.assignee is None


def test_the_assignee_gets_an_email_with_a_link(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://hub.example.com"
    handler = _staff("handler", "Enquiry handlers")
    colleague = _staff("colleague", "Enquiry handlers")
    client.force_login(handler)
    enquiry = make_enquiry(email="asker@example.com")
    change = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change, {"status": "new", "assignee": colleague.pk})
    (message,) = mail.outbox
    assert message.to == ["colleague@staff.example"]
    assert message.subject == f"Enquiry {enquiry.reference} is yours: Technical support"
    assert f"https://hub.example.com/admin/enquiries/enquiry/{enquiry.pk}/change/" in message.body
    assert "asker@example.com" not in message.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change, {"status": "new", "assignee": handler.pk})
        client.post(change, {"status": "in-progress", "assignee": handler.pk})
    assert mail.outbox == []
