"""Check-in at the door: the QR code in the confirmation, what staff see when
they open it, and the session's check-in list with search, undo and walk-ins."""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import segno
import zxingcpp
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from content.events.booking import registration_create
from content.events.checkin_codes import checkin_qr, checkin_qr_png, checkin_signed, checkin_url
from content.events.links import manage_path
from content.events.models import Registration
from content.events.updates import session_cancel
from content.privacy.models import AccessRecord
from tests.factories import make_registration, make_session, new_registration

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def today():
    """A session that starts in half an hour: its door is open, and so is registration."""
    starts = timezone.now() + timedelta(minutes=30)
    return make_session(title="Leeds day", starts_at=starts, ends_at=starts + timedelta(hours=6))


def decode_png(content):
    """Return the texts of the QR codes a real decoder finds in a PNG."""
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(content)))]


def path_of(url):
    return urlsplit(url).path


def test_the_confirmation_email_carries_a_qr_code_that_opens_the_check_in(
    client, manager_client, today, sent
):
    with sent():
        registration = registration_create(registration=new_registration(today, name="Ada Door"))
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    image = re.search(r'<img src="([^"]+)"[^>]*alt="QR code for checking in', html).group(1)
    assert "show the QR code" in message.body

    # Anyone may fetch the image (a mail client does); it holds only the address.
    response = client.get(path_of(image))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-cache" in response["Cache-Control"]
    (address,) = decode_png(response.content)
    assert "/phish-and-chips/check-in/" in address

    page = manager_client.get(path_of(address))
    assert page.status_code == 200
    assert "Checked in now" in page.text
    assert "Ada Door" in page.text
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED
    assert registration.checked_in_at is not None


def test_a_waitlist_email_has_no_check_in_code(today, sent):
    make_registration(today)
    today.capacity = 1
    today.save()
    with sent():
        registration_create(registration=new_registration(today))
    (message,) = mail.outbox
    assert "check-in" not in message.alternatives[0][0]


def test_the_manage_page_shows_the_code_as_inline_svg_of_the_check_in_address(client, today):
    registration = make_registration(today)
    # The address is signed with the time: the page's is one of these two.
    signed_before = checkin_signed(registration)
    page = client.get(manage_path(registration))
    signed_after = checkin_signed(registration)
    assert page.status_code == 200
    svg = re.search(r"<svg[^>]*class=\"qr-code\".*?</svg>", page.text, re.S).group(0)
    assert "<title>QR code for checking in at the door</title>" in svg
    assert "style=" not in svg  # the strict CSP allows no inline styles
    # The same drawing segno makes of this person's check-in address.
    drawings = [
        checkin_qr(signed)
        .svg_inline(
            scale=5, omitsize=True, title="QR code for checking in at the door", svgclass="qr-code"
        )
        .split("<path")[1:]
        for signed in [signed_before, signed_after]
    ]
    assert svg.split("<path")[1:] in drawings


def test_segno_encodes_exactly_the_signed_check_in_address(today):
    registration = make_registration(today)
    signed = checkin_signed(registration)
    out = io.BytesIO()
    segno.make_qr(checkin_url(registration)).save(out, kind="png", scale=6)
    (address,) = decode_png(out.getvalue())
    assert address.endswith(f"/phish-and-chips/check-in/{signed}/")
    assert decode_png(checkin_qr_png(signed)) == [address]


def test_staff_see_already_checked_in_with_the_time_the_second_time(manager_client, today):
    registration = make_registration(today, name="Grace Twice")
    address = path_of(checkin_url(registration))
    assert "Checked in now" in manager_client.get(address).text
    registration.refresh_from_db()
    local = timezone.localtime(registration.checked_in_at, timezone=ZoneInfo(today.time_zone))
    again = manager_client.get(address)
    assert "Already checked in" in again.text
    assert "Checked in now" not in again.text
    assert f"{local:%H:%M}" in again.text
    assert LogEntry.objects.filter(change_message="Checked in at the door.").count() == 1


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (Status.CANCELLED, "This registration was cancelled"),
        (Status.WAITLISTED, "on the waitlist"),
    ],
)
def test_a_code_without_a_seat_is_not_valid(manager_client, today, status, reason):
    registration = make_registration(today, status=status)
    page = manager_client.get(path_of(checkin_url(registration)))
    assert "Not valid for this session" in page.text
    assert reason in page.text
    registration.refresh_from_db()
    assert registration.status == status


def test_a_code_for_a_cancelled_session_is_not_valid(manager_client, today):
    registration = make_registration(today, name="Grace Cancelled")
    session_cancel(session=today)
    page = manager_client.get(path_of(checkin_url(registration)))
    assert "Not valid for this session" in page.text
    assert "This session was cancelled" in page.text
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_a_code_for_next_week_is_not_valid_today(manager_client):
    registration = make_registration(make_session(title="Next week"))
    page = manager_client.get(path_of(checkin_url(registration)))
    assert "Not valid for this session" in page.text
    assert "Check-in for this session opens at" in page.text
    assert "Next week" in page.text
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_a_changed_code_is_refused_with_400(manager_client, today):
    registration = make_registration(today)
    address = path_of(checkin_url(registration))
    page = manager_client.get(address.replace("/check-in/", "/check-in/x"))
    assert page.status_code == 400
    assert "Not valid" in page.text
    assert manager_client.get(address.rstrip("/") + "x/code.png").status_code == 400


def test_the_code_of_someone_whose_data_was_removed_is_a_404(manager_client, today):
    registration = make_registration(today)
    address = path_of(checkin_url(registration))
    Registration.objects.filter(pk=registration.pk).update(purged_at=timezone.now())
    page = manager_client.get(address)
    assert page.status_code == 404
    assert "its data was removed" in page.text


def test_the_code_opens_nothing_for_visitors_or_staff_without_the_permission(
    client, client_in_group, today
):
    registration = make_registration(today, name="Private Person")
    address = path_of(checkin_url(registration))
    anonymous = client.get(address)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))
    editor = client_in_group("Content editors")
    refused = editor.get(address)
    assert refused.status_code == 403
    assert "Private Person" not in refused.text
    assert (
        editor.get(reverse("events:checkin-list", kwargs={"slug": today.slug})).status_code == 403
    )
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_opening_a_code_is_recorded_and_never_cached(manager_client, today):
    registration = make_registration(today)
    response = manager_client.get(path_of(checkin_url(registration)))
    assert "no-store" in response["Cache-Control"]
    record = AccessRecord.objects.get()
    assert record.object_id == str(registration.pk)
    assert record.username == "event-managers"


def list_url(session):
    return reverse("events:checkin-list", kwargs={"slug": session.slug})


def test_the_list_finds_people_by_name_and_checks_in_with_one_tap_and_undo(manager_client, today):
    ada = make_registration(today, name="Ada Lovelace")
    make_registration(today, name="Alan Turing")
    make_registration(today, name="Waiting Person", status=Status.WAITLISTED)

    page = manager_client.get(list_url(today))
    assert "Ada Lovelace" in page.text and "Alan Turing" in page.text
    assert "Waiting Person" not in page.text
    assert "no-store" in page["Cache-Control"]
    found = manager_client.get(list_url(today), {"q": "lovel"})
    assert "Ada Lovelace" in found.text and "Alan Turing" not in found.text

    done = manager_client.post(
        list_url(today), {"registration": ada.pk, "action": "check-in", "q": "lovel"}
    )
    assert done.status_code == 302
    assert done["Location"] == f"{list_url(today)}?q=lovel#person-{ada.pk}"
    page = manager_client.get(done["Location"])
    assert "Ada Lovelace is checked in" in page.text
    assert re.search(r'data-count="checked_in">1<', page.text)
    ada.refresh_from_db()
    assert ada.status == Status.ATTENDED

    manager_client.post(list_url(today), {"registration": ada.pk, "action": "undo"})
    ada.refresh_from_db()
    assert (ada.status, ada.checked_in_at) == (Status.CONFIRMED, None)
    records = AccessRecord.objects.filter(what__startswith="check-in list of Leeds day")
    assert [record.rows for record in records] == [1, 1, 2]  # newest first


def test_a_person_of_another_session_cannot_be_checked_in_from_this_list(manager_client, today):
    other = make_registration(make_session())
    response = manager_client.post(
        list_url(today), {"registration": other.pk, "action": "check-in"}
    )
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.status == Status.CONFIRMED


WALK_IN = {
    "action": "walk-in",
    "walk-in-name": "Walk In",
    "walk-in-email": "walk.in@example.com",
    "walk-in-company": "Example Ltd",
    "walk-in-job_title": "Analyst",
    "walk-in-consent": "on",
}


def test_a_walk_in_takes_a_free_seat_and_is_checked_in_without_an_email(
    manager_client, today, sent
):
    with sent():
        response = manager_client.post(list_url(today), WALK_IN)
    assert response.status_code == 302
    walk_in = Registration.objects.get(email="walk.in@example.com")
    assert walk_in.status == Status.ATTENDED
    assert mail.outbox == []
    counts = manager_client.get(
        reverse("events:checkin-counts", kwargs={"slug": today.slug})
    ).json()
    assert counts == {"checked_in": 1, "expected": 0, "waitlisted": 0, "seats_left": 9}


def test_a_walk_in_is_refused_when_the_session_is_full_and_keeps_what_was_typed(
    manager_client, today
):
    today.capacity = 1
    today.save()
    make_registration(today)
    response = manager_client.post(list_url(today), WALK_IN)
    assert response.status_code == 409
    assert "No seat is left" in response.text
    assert Registration.objects.filter(email="walk.in@example.com").exists() is False


def test_a_walk_in_with_a_registered_email_is_sent_to_the_list(manager_client, today):
    make_registration(today, email="walk.in@example.com")
    response = manager_client.post(list_url(today), WALK_IN)
    assert response.status_code == 409
    assert "find the person in the list" in response.text
    assert 'value="Walk In"' in response.text


def test_an_incomplete_walk_in_form_is_a_400_that_keeps_the_input(manager_client, today):
    response = manager_client.post(list_url(today), WALK_IN | {"walk-in-email": "not an email"})
    assert response.status_code == 400
    assert 'value="Walk In"' in response.text
    assert "There is a problem" in response.text
    assert Registration.objects.count() == 0


def test_a_walk_in_before_the_door_opens_keeps_nothing(manager_client):
    session = make_session()
    response = manager_client.post(list_url(session), WALK_IN)
    assert response.status_code == 409
    assert "Check-in opens at" in response.text
    assert Registration.objects.count() == 0
