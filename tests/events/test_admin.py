"""Event managers run sessions in the admin; every seat change follows the booking rules."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from content.events.booking import HUB_ACCOUNT
from content.events.links import manage_path
from content.events.models import Registration, Session
from tests.factories import make_registration, make_session

pytestmark = pytest.mark.django_db
Status = Registration.Status
REGISTRATIONS = reverse("admin:events_registration_changelist")


@pytest.fixture
def full_session():
    session = make_session(title="Leeds day", capacity=1)
    seated = make_registration(session, name="Seated Person")
    waiting = make_registration(session, name="Waiting Person", status=Status.WAITLISTED)
    return session, seated, waiting


def _action(client, action, registrations):
    return client.post(
        REGISTRATIONS,
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


def test_session_list_shows_confirmed_waitlisted_and_capacity(manager_client, full_session):
    response = manager_client.get(reverse("admin:events_session_changelist"))
    assert response.status_code == 200
    text = response.text
    assert "Confirmed" in text and "Waitlisted" in text and "Capacity" in text
    assert 'class="field-confirmed">1<' in text
    assert 'class="field-waitlisted">1<' in text


def test_session_page_shows_registrations_inline(manager_client, full_session):
    session, _, _ = full_session
    response = manager_client.get(reverse("admin:events_session_change", args=[session.pk]))
    assert "Seated Person" in response.text
    assert "Waiting Person" in response.text


def test_registrations_can_be_filtered_by_status(manager_client, full_session):
    response = manager_client.get(REGISTRATIONS, {"status__exact": "waitlisted"})
    assert "Waiting Person" in response.text
    assert "Seated Person" not in response.text


def test_export_attendees_as_csv(manager_client, full_session):
    session, _, _ = full_session
    make_registration(session, name="Cancelled Person", status=Status.CANCELLED)
    response = manager_client.post(
        reverse("admin:events_session_changelist"),
        {"action": "export_attendees", "_selected_action": [session.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert next(csv.reader(io.StringIO(text)))[:4] == ["Session", "Starts at", "Name", "Email"]
    assert "Seated Person" in text and "Waiting Person" in text
    assert "Cancelled Person" not in text


def test_csv_cells_cannot_run_as_formulas(manager_client, full_session):
    _, seated, _ = full_session
    seated.company = "=cmd()"
    seated.save()
    response = _action(manager_client, "export_csv", [seated])
    assert "'=cmd()" in response.content.decode()


@pytest.mark.parametrize("company", ["x;=1+1", "x\t=1+1", "x,=1+1"])
def test_csv_formula_after_a_separator_stays_inside_its_cell(manager_client, full_session, company):
    """A spreadsheet that splits on ; or tabs still sees one quoted cell, not a formula."""
    _, seated, _ = full_session
    seated.company = company
    seated.save()
    text = _action(manager_client, "export_csv", [seated]).content.decode()
    assert f'"{company}"' in text
    for line in text.splitlines():
        assert line.startswith('"') and line.endswith('"'), line


def test_csv_formula_after_leading_spaces_is_defused(manager_client, full_session):
    _, seated, _ = full_session
    seated.company = "  =1+1"
    seated.save()
    text = _action(manager_client, "export_csv", [seated]).content.decode()
    assert '"\'  =1+1"' in text


def test_mark_attended_is_logged(manager_client, full_session):
    session, seated, waiting = full_session
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now())
    _action(manager_client, "mark_attended", [seated, waiting])
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (Status.ATTENDED, Status.WAITLISTED)
    assert LogEntry.objects.filter(object_id=str(seated.pk), change_message="Marked attended.")


def test_promote_never_overbooks(manager_client, full_session):
    _, _, waiting = full_session
    response = _action(manager_client, "promote", [waiting])
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    assert "skipped" in response.text


def test_cancel_emails_and_promotes_and_is_logged(manager_client, full_session, sent):
    _, seated, waiting = full_session
    with sent():
        _action(manager_client, "cancel", [seated])
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)
    assert sorted(m.subject for m in mail.outbox) == [
        "A seat is yours: Leeds day",
        "Cancelled: Leeds day",
    ]
    assert LogEntry.objects.filter(object_id=str(seated.pk), change_message="Cancelled.")


def test_raising_capacity_promotes_from_the_waitlist(staff_client, full_session, sent):
    session, _, waiting = full_session
    url = reverse("admin:events_session_change", args=[session.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"tags", "areas", "materials", "slides"}
    }
    data |= {
        "capacity": 2,
        "starts_at_0": session.starts_at.strftime("%d/%m/%Y"),
        "starts_at_1": session.starts_at.strftime("%H:%M:%S"),
        "ends_at_0": session.ends_at.strftime("%d/%m/%Y"),
        "ends_at_1": session.ends_at.strftime("%H:%M:%S"),
        "publish_at_0": session.publish_at.strftime("%d/%m/%Y"),
        "publish_at_1": session.publish_at.strftime("%H:%M:%S"),
        "area": "",
        "tags": "",
        "registrations-TOTAL_FORMS": 2,
        "registrations-INITIAL_FORMS": 2,
        "registrations-MIN_NUM_FORMS": 0,
        "registrations-MAX_NUM_FORMS": 1000,
        "registrations-0-id": session.registrations.all()[0].pk,
        "registrations-0-session": session.pk,
        "registrations-1-id": session.registrations.all()[1].pk,
        "registrations-1-session": session.pk,
    }
    for name in ("registration_opens_at", "registration_closes_at"):
        data.pop(name, None)
    with sent():
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert [m.subject for m in mail.outbox] == ["A seat is yours: Leeds day"]
    assert LogEntry.objects.filter(object_id=str(waiting.pk))


def test_staff_adding_a_registration_follow_the_booking_rules(staff_client, full_session):
    session, _, _ = full_session
    data = {
        "session": session.pk,
        "name": "Walk In",
        "email": "walkin@example.com",
        "company": "Example",
        "job_title": "Engineer",
    }
    staff_client.post(reverse("admin:events_registration_add"), data)
    assert Registration.objects.get(name="Walk In").status == Status.WAITLISTED
    response = staff_client.post(reverse("admin:events_registration_add"), data)
    assert "already registered for this session" in response.text


def test_deleting_a_seat_gives_it_to_the_waitlist(staff_client, full_session):
    _, seated, waiting = full_session
    staff_client.post(
        REGISTRATIONS,
        {"action": "delete_selected", "_selected_action": [seated.pk], "post": "yes"},
    )
    waiting.refresh_from_db()
    assert not Registration.objects.filter(pk=seated.pk).exists()
    assert waiting.status == Status.CONFIRMED


def _history(client, registration):
    return client.get(reverse("admin:events_registration_history", args=[registration.pk])).text


def test_a_promotion_by_cancelling_shows_in_the_promoted_persons_history(
    manager_client, full_session
):
    _, seated, waiting = full_session
    _action(manager_client, "cancel", [seated])
    assert "Promoted from the waitlist: a cancelled seat was freed." in _history(
        manager_client, waiting
    )


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("cancel/", "an attendee cancelled through their link"),
        ("forget/", "an attendee removed their booking through their link"),
    ],
)
def test_a_promotion_set_off_by_the_attendee_shows_in_the_promoted_persons_history(
    client, manager_client, full_session, page, reason
):
    _, seated, waiting = full_session
    assert client.post(manage_path(seated) + page).status_code in (200, 302)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    history = _history(manager_client, waiting)
    assert f"Promoted from the waitlist: {reason}." in history
    assert HUB_ACCOUNT in history
    hub_account = get_user_model().objects.get(username=HUB_ACCOUNT)
    assert not hub_account.is_active and not hub_account.has_usable_password()


def test_a_promotion_by_deleting_shows_in_the_promoted_persons_history(
    manager_client, full_session
):
    _, seated, waiting = full_session
    delete = reverse("admin:events_registration_delete", args=[seated.pk])
    assert manager_client.post(delete, {"post": "yes"}).status_code == 302
    assert "Promoted from the waitlist: a deleted registration&#x27;s seat was freed." in (
        _history(manager_client, waiting)
    )
