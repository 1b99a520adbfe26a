import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from content.events.booking import registration_create
from content.events.links import SALT, manage_path
from content.events.models import Registration, Session
from tests.factories import make_area, make_asset, make_registration, make_session, new_registration
from tests.helpers import page_query_count

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _form(**fields):
    values = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "company": "Analytical Engines",
        "job_title": "Engineer",
        "notes": "",
        "consent": "on",
        "website": "",
    }
    return values | fields


def test_list_shows_upcoming_sessions_with_their_areas_and_links_to_past(client):
    main, other = make_area(name="Insider Risk"), make_area(name="Command Centre")
    session = make_session(title="Leeds day", area=main, city="Leeds")
    session.areas.add(other)
    make_session(title="Online day", attendance=Session.Attendance.ONLINE, city="")
    response = client.get("/phish-and-chips/")
    assert "Leeds day" in response.text
    assert "Insider Risk" in response.text
    assert "Command Centre" in response.text
    assert "Online" in response.text
    assert "/phish-and-chips/past/" in response.text


def test_past_page_lists_sessions_that_ended(client):
    ended = timezone.now() - timedelta(days=3)
    make_session(title="Old day", starts_at=ended - timedelta(hours=6), ends_at=ended)
    make_session(title="Future day")
    response = client.get("/phish-and-chips/past/")
    assert "Old day" in response.text
    assert "Future day" not in response.text


def test_closed_session_says_so_and_has_no_form(client):
    session = make_session(registration_closes_at=timezone.now() - timedelta(hours=1))
    response = client.get(session.get_absolute_url())
    assert "Registration closed" in response.text
    assert 'name="email"' not in response.text


def test_posting_after_registration_closed_says_so(client):
    session = make_session()
    Session.objects.filter(pk=session.pk).update(
        registration_closes_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(session.get_absolute_url(), _form())
    assert "Registration for this session is closed." in response.text
    assert not Registration.objects.exists()


def test_detail_lists_related_assets_to_prepare_with(client):
    session = make_session(tags=["ldap"])
    make_asset(title="LDAP sync guide", tags=["ldap"])
    make_asset(title="Unrelated guide", tags=["other"])
    response = client.get(session.get_absolute_url())
    assert "Prepare for this session" in response.text
    assert "LDAP sync guide" in response.text
    assert "Unrelated guide" not in response.text


def test_registering_confirms_a_seat_and_emails_a_calendar_file(client, sent):
    session = make_session(title="Leeds day", capacity=1)
    with sent():
        response = client.post(session.get_absolute_url(), _form(), follow=True)
    assert response.redirect_chain[0][0].startswith("/phish-and-chips/manage/")
    assert "Confirmed: you have a seat." in response.text
    registration = Registration.objects.get()
    assert registration.status == Status.CONFIRMED
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.attachments[0][0] == "phish-and-chips.ics"
    assert "METHOD:REQUEST" in message.attachments[0][1]
    assert message.attachments[0][2] == "text/calendar; method=REQUEST"
    assert "calendar.google.com" in message.body
    assert "outlook.live.com" in message.alternatives[0][0]
    assert "/phish-and-chips/manage/" in message.body


def test_a_full_session_puts_people_on_the_waitlist_with_their_place(client):
    session = make_session(capacity=1)
    make_registration(session)
    response = client.post(session.get_absolute_url(), _form(), follow=True)
    assert "On the waitlist, place 1." in response.text


def test_errors_are_shown_next_to_fields_and_keep_what_was_typed(client):
    session = make_session()
    response = client.post(session.get_absolute_url(), _form(email="not-an-email", consent=""))
    assert response.status_code == 200
    assert 'value="Ada Lovelace"' in response.text
    assert 'value="not-an-email"' in response.text
    assert "Enter a valid email address." in response.text
    assert "we need your agreement" in response.text
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ada\nLovelace"),
        ("company", "Analytical\r\nEngines"),
        ("job_title", "Eng\u2028ineer"),
    ],
)
def test_a_line_break_in_a_one_line_field_is_refused_and_the_rest_is_kept(client, field, value):
    session = make_session()
    response = client.post(
        session.get_absolute_url(), _form(**{field: value}, email="ada@lab.example")
    )
    assert response.status_code == 200
    assert "Please keep this on one line." in response.text
    assert 'value="ada@lab.example"' in response.text
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "Win at https://evil.example",
        "www.evil.example",
        "Visit evil.example now",
        "ada@evil.example",
    ],
)
def test_a_name_with_a_link_is_refused(client, name):
    session = make_session()
    response = client.post(session.get_absolute_url(), _form(name=name))
    assert "without web or email addresses" in response.text
    assert not Registration.objects.exists()


def test_a_huge_name_is_refused_in_a_moment(client):
    session = make_session()
    started = time.process_time()
    response = client.post(session.get_absolute_url(), _form(name="x" * 100_000))
    # The link check scans the name once: from every letter it took seconds.
    assert time.process_time() - started < 1
    assert "at most 100 characters" in response.text
    assert not Registration.objects.exists()


@pytest.mark.parametrize("name", ["J.R. Hartley", "Dr. Ada O'Neil-Lovelace", "Zoë Ångström"])
def test_ordinary_names_are_accepted(client, name):
    session = make_session()
    client.post(session.get_absolute_url(), _form(name=name))
    assert Registration.objects.get().name == name


def test_a_name_longer_than_a_name_is_refused(client):
    session = make_session()
    response = client.post(session.get_absolute_url(), _form(name="Ada " * 30))
    assert "at most 100 characters" in response.text
    assert not Registration.objects.exists()


def test_a_second_registration_says_so_and_sends_nothing(client, sent):
    session = make_session()
    make_registration(session, email="ada@example.com")
    with sent():
        response = client.post(session.get_absolute_url(), _form(email="ADA@example.com"))
    assert response.status_code == 200
    assert "already registered for this session" in response.text
    assert mail.outbox == []
    assert session.registrations.count() == 1


def test_the_honeypot_stops_bots(client):
    session = make_session()
    response = client.post(session.get_absolute_url(), _form(website="http://spam.example"))
    assert "leave this field empty" in response.text
    assert not Registration.objects.exists()


def test_too_many_registrations_from_one_address_get_a_429(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {**settings.RATELIMITS, "registration": "2/h"}
    cache.clear()
    session = make_session()
    for number in range(2):
        client.post(session.get_absolute_url(), _form(email=f"p{number}@example.com"))
    response = client.post(session.get_absolute_url(), _form(email="p9@example.com"))
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert Registration.objects.count() == 2
    cache.clear()


def test_one_email_address_has_its_own_limit_whatever_the_network(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS_PER_EMAIL = {"registration": "1/h"}
    first, second = make_session(), make_session()
    assert client.post(first.get_absolute_url(), _form()).status_code == 302
    response = client.post(second.get_absolute_url(), _form(email="ADA@example.com"))
    assert response.status_code == 429
    assert Registration.objects.count() == 1


def test_public_calendar_file_is_in_the_session_time_zone_without_join_link(client):
    session = make_session(
        time_zone="America/New_York",
        attendance=Session.Attendance.ONLINE,
        join_url="https://meet.example.com/secret",
    )
    response = client.get(f"/phish-and-chips/{session.slug}/calendar.ics")
    assert response["Content-Type"] == "text/calendar"
    body = response.content.decode()
    assert "TZID:America/New_York" in body
    assert "DTSTART;TZID=America/New_York:" in body
    assert "secret" not in body


def _online_registration(*, full):
    session = make_session(
        attendance=Session.Attendance.ONLINE,
        join_url="https://meet.example.com/secret",
        capacity=0 if full else 5,
    )
    return registration_create(registration=new_registration(session))


def test_join_link_is_only_for_confirmed_attendees(client, sent):
    with sent():
        confirmed = _online_registration(full=False)
        waiting = _online_registration(full=True)
    confirmation, waitlist_notice = mail.outbox
    assert "https://meet.example.com/secret" in confirmation.body
    assert "https://meet.example.com/secret" in confirmation.alternatives[0][0]
    assert "https://meet.example.com/secret" in confirmation.attachments[0][1]
    assert "secret" not in waitlist_notice.body + waitlist_notice.alternatives[0][0]
    assert "secret" in client.get(manage_path(confirmed)).text
    assert "secret" not in client.get(manage_path(waiting)).text
    assert "secret" not in client.get(confirmed.session.get_absolute_url()).text


def test_cancelling_asks_first_then_cancels_on_post_and_promotes(client, sent):
    session = make_session(capacity=1)
    seated = make_registration(session)
    waiting = make_registration(session, status=Status.WAITLISTED)
    cancel_url = manage_path(seated) + "cancel/"
    page = client.get(cancel_url)
    assert "Yes, cancel my registration" in page.text
    seated.refresh_from_db()
    assert seated.status == Status.CONFIRMED
    with sent():
        response = client.post(cancel_url, follow=True)
    assert "Your registration is cancelled" in response.text
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)
    receipt = next(m for m in mail.outbox if m.to == [seated.email])
    assert "METHOD:CANCEL" in receipt.attachments[0][1]


def test_cancelling_after_the_session_ended_promotes_and_emails_nobody(client, sent):
    ended = timezone.now() - timedelta(hours=2)
    session = make_session(capacity=1, starts_at=ended - timedelta(hours=6), ends_at=ended)
    seated = make_registration(session)
    waiting = make_registration(session, status=Status.WAITLISTED)
    with sent():
        response = client.post(manage_path(seated) + "cancel/", follow=True)
    assert "Your registration is cancelled" in response.text
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    assert [message.to for message in mail.outbox] == [[seated.email]]


def test_a_person_can_have_their_data_removed(client):
    registration = make_registration(make_session(), name="Ada Lovelace")
    forget_url = manage_path(registration) + "forget/"
    assert "Yes, remove my data" in client.get(forget_url).text
    response = client.post(forget_url)
    assert "Your data is removed" in response.text
    registration.refresh_from_db()
    assert registration.name == "Removed"
    assert client.get(manage_path(registration)).status_code == 404


@pytest.mark.parametrize(
    ("page", "while_confirmed"),
    [
        ("", "Confirmed: you have a seat."),
        ("cancel/", "Yes, cancel my registration"),
        ("forget/", "and cancel it"),
    ],
)
def test_pages_of_a_signed_link_are_never_kept_by_any_cache(
    client, settings, page, while_confirmed
):
    """Someone's details must not reach a shared cache, nor outlive a change."""
    settings.PAGE_CACHE = True
    registration = make_registration(make_session())
    url = manage_path(registration) + page
    first = client.get(url)
    assert while_confirmed in first.text
    # Changed without signals, so that nothing tells the page cache.
    Registration.objects.filter(pk=registration.pk).update(status=Status.CANCELLED)
    second = client.get(url)
    assert while_confirmed not in second.text
    for response in (first, second):
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control
        assert "public" not in cache_control
        assert "ETag" not in response


def test_the_page_after_removing_data_is_not_kept_by_any_cache(client):
    response = client.post(manage_path(make_registration(make_session())) + "forget/")
    assert "Your data is removed" in response.text
    assert "no-store" in response["Cache-Control"]


def test_a_tampered_link_gets_a_clear_400(client):
    registration = make_registration(make_session())
    path = manage_path(registration)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.get(tampered)
    assert response.status_code == 400
    assert "This link is not valid" in response.text


def test_an_expired_link_gets_a_clear_410(client, settings):
    registration = make_registration(make_session())
    settings.EVENTS_MANAGE_LINK_MAX_AGE_DAYS = 0
    signed = signing.dumps(str(registration.token), salt=SALT)
    response = client.get(f"/phish-and-chips/manage/{signed}/")
    assert response.status_code == 410
    assert "This link has expired" in response.text


def test_a_link_cannot_be_made_from_the_token_alone(client):
    registration = make_registration(make_session())
    response = client.get(f"/phish-and-chips/manage/{registration.token}/")
    assert response.status_code == 400


def test_an_address_gets_a_bounded_number_of_booking_emails_a_day(client, sent, settings):
    settings.MAIL_PER_ADDRESS_PER_DAY = 2
    pages, emails = [], []
    for number in range(3):
        session = make_session(title=f"Day {number}")
        with sent():
            pages.append(client.post(session.get_absolute_url(), _form(), follow=True))
        emails += mail.outbox
    assert [message.to for message in emails] == [["ada@example.com"]] * 2
    assert "We have emailed you." in pages[1].text
    assert "We could not email you this time" in pages[2].text
    assert Registration.objects.count() == 3


@pytest.mark.parametrize(
    ("same_network", "other_network"),
    [
        (["203.0.113.5", "203.0.113.6", "203.0.113.250"], "203.0.114.5"),
        (["2001:db8:1:1::1", "2001:db8:1:1::2", "2001:db8:1:1:ffff::3"], "2001:db8:1:2::1"),
    ],
)
def test_one_network_cannot_fill_a_session(settings, same_network, other_network):
    settings.EVENTS_REGISTRATIONS_PER_NETWORK = 2
    session = make_session(capacity=50)
    url = session.get_absolute_url()
    *allowed, refused = same_network
    for number, ip in enumerate(allowed):
        response = Client(REMOTE_ADDR=ip).post(url, _form(email=f"p{number}@example.com"))
        assert response.status_code == 302
    response = Client(REMOTE_ADDR=refused).post(url, _form(email="third@example.com"))
    assert response.status_code == 429
    assert "as many registrations from your network" in response.text
    assert 'value="third@example.com"' in response.text
    assert Client(REMOTE_ADDR=other_network).post(url, _form()).status_code == 302
    assert session.registrations.count() == 3


def test_a_full_session_shows_its_waitlist_apart_from_seats_left(client):
    open_session = make_session(capacity=3)
    full = make_session(capacity=1)
    make_registration(full)
    assert '<p class="seats">3 seats left</p>' in client.get(open_session.get_absolute_url()).text
    assert (
        '<p class="seats seats--waitlist">Waitlist open</p>'
        in client.get(full.get_absolute_url()).text
    )


def test_a_waitlisted_person_is_offered_to_leave_the_waitlist(client):
    session = make_session(capacity=1)
    make_registration(session)
    waiting = make_registration(session, status=Status.WAITLISTED)
    manage = client.get(manage_path(waiting)).text
    assert "Leave the waitlist" in manage
    assert "Cancel my registration" not in manage
    confirm = client.get(manage_path(waiting) + "cancel/").text
    assert "Leave the waitlist?" in confirm
    assert "Yes, leave the waitlist" in confirm
    assert "cancel my registration" not in confirm.lower()


def test_joining_the_waitlist_promises_no_calendar_file(client, sent):
    session = make_session(capacity=1)
    make_registration(session)
    form_page = client.get(session.get_absolute_url()).text
    assert "calendar file" not in form_page
    assert "Your place on the waitlist and your manage link go here." in form_page
    with sent():
        response = client.post(session.get_absolute_url(), _form(), follow=True)
    assert "You are on the waitlist. We have emailed you." in response.text
    assert "calendar" not in response.text.lower()
    (message,) = mail.outbox
    assert message.attachments == []
    assert "calendar" not in (message.body + message.alternatives[0][0]).lower()


def test_the_confirmation_page_offers_the_calendar_and_keeps_cancelling_secondary(client):
    session = make_session(title="Leeds day", capacity=5)
    response = client.post(session.get_absolute_url(), _form(), follow=True)
    text = response.text
    signed = response.redirect_chain[0][0]
    assert f'<a class="button" href="{signed}calendar.ics" download>' in text
    assert "https://calendar.google.com/calendar/render?" in text
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in text
    assert "https://outlook.office.com/calendar/0/deeplink/compose?" in text
    assert f'<a href="{signed}cancel/">Cancel my registration</a>' in text
    assert 'class="button" href="/phish-and-chips/manage/' not in text.replace(
        f'class="button" href="{signed}calendar.ics"', ""
    )
    ics = client.get(f"{signed}calendar.ics")
    assert ics["Content-Type"] == "text/calendar"
    assert "SUMMARY:Leeds day" in ics.content.decode()


def test_a_waitlisted_person_gets_no_calendar_on_the_page(client):
    session = make_session(capacity=1)
    make_registration(session)
    waiting = make_registration(session, status=Status.WAITLISTED)
    text = client.get(manage_path(waiting)).text
    assert "calendar" not in text.lower()
    assert client.get(manage_path(waiting) + "calendar.ics").status_code == 404


def test_confirmation_emails_offer_outlook_for_work_accounts_too(client, sent):
    session = make_session()
    with sent():
        client.post(session.get_absolute_url(), _form())
    (message,) = mail.outbox
    for part in (message.body, message.alternatives[0][0]):
        assert "outlook.live.com/calendar/0/deeplink/compose" in part
        assert "outlook.office.com/calendar/0/deeplink/compose" in part


def test_registering_twice_offers_to_email_the_booking_link_again(client, sent):
    session = make_session()
    booked = make_registration(session, email="ada@example.com")
    response = client.post(session.get_absolute_url(), _form(email="Ada@example.com"))
    assert "Email me my booking link again" in response.text
    assert f'action="{session.get_absolute_url()}booking-link/"' in response.text
    with sent():
        answer = client.post(
            f"{session.get_absolute_url()}booking-link/", {"email": "Ada@example.com"}
        )
    assert answer.status_code == 200
    (message,) = mail.outbox
    assert message.to == [booked.email]
    assert "/phish-and-chips/manage/" in message.body
    assert session.title in message.subject


def test_the_booking_link_page_says_the_same_whether_or_not_the_address_is_booked(client, sent):
    session = make_session()
    make_registration(session, email="ada@example.com")
    url = f"{session.get_absolute_url()}booking-link/"
    with sent():
        booked = client.post(url, {"email": "ada@example.com"})
        not_booked = client.post(url, {"email": "nobody@example.com"})
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]

    def main(response):
        text = response.text
        return text[text.index("<main") : text.index("</main>")].replace(
            "nobody@example.com", "ada@example.com"
        )

    assert main(booked) == main(not_booked)
    assert booked.status_code == not_booked.status_code == 200


def test_the_booking_link_form_works_on_its_own_and_refuses_a_bad_address(client):
    session = make_session()
    url = f"{session.get_absolute_url()}booking-link/"
    assert 'name="email"' in client.get(url).text
    response = client.post(url, {"email": "not-an-email"})
    assert response.status_code == 400
    assert 'value="not-an-email"' in response.text
    # The error summary at the top, as on every form, links to the field.
    assert 'class="error-summary"' in response.text
    assert 'href="#id_email"' in response.text


def test_booking_link_emails_are_bounded_per_address_and_per_client(client, sent, settings):
    settings.MAIL_PER_ADDRESS_PER_DAY = 1
    session = make_session()
    make_registration(session, email="ada@example.com")
    url = f"{session.get_absolute_url()}booking-link/"
    with sent():
        client.post(url, {"email": "ada@example.com"})
        client.post(url, {"email": "ada@example.com"})
    assert len(mail.outbox) == 1
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {**settings.RATELIMITS, "registration": "1/h"}
    cache.clear()
    client.post(url, {"email": "ada@example.com"})
    assert client.post(url, {"email": "ada@example.com"}).status_code == 429
    cache.clear()


def test_the_session_page_has_a_register_button_near_the_top(client):
    session = make_session(capacity=3)
    text = client.get(session.get_absolute_url()).text
    button = '<a class="button" href="#register">Register</a>'
    assert button in text
    assert text.index(button) < text.index("<h2>Agenda</h2>")
    full = make_session(capacity=1)
    make_registration(full)
    assert (
        '<a class="button" href="#register">Join the waitlist</a>'
        in client.get(full.get_absolute_url()).text
    )
    closed = make_session(registration_closes_at=timezone.now() - timedelta(hours=1))
    assert 'href="#register"' not in client.get(closed.get_absolute_url()).text


def test_an_in_person_venue_links_to_a_map_and_an_online_session_does_not(client):
    session = make_session(venue="1 Example Street", city="Leeds")
    text = client.get(session.get_absolute_url()).text
    assert 'href="https://www.openstreetmap.org/search?query=1+Example+Street%2C+Leeds"' in text
    online = make_session(attendance=Session.Attendance.ONLINE, venue="", city="")
    assert "openstreetmap" not in client.get(online.get_absolute_url()).text


def _titles_listed(response):
    return [session.title for session in response.context["sessions"]]


def test_the_session_list_filters_by_area_month_and_attendance(client):
    insider, command = make_area(name="Insider Risk"), make_area(name="Command Centre")
    soon = timezone.now() + timedelta(days=2)
    later = soon + timedelta(days=62)
    make_session(title="Leeds day", area=insider, starts_at=soon, ends_at=soon)
    online = make_session(
        title="Online day",
        area=command,
        attendance=Session.Attendance.ONLINE,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
    )
    online.areas.add(insider)
    make_session(title="London day", area=command, starts_at=later, ends_at=later)
    page = client.get("/phish-and-chips/")
    assert '<select name="area" id="filter-area">' in page.text
    assert f'<option value="{later:%Y-%m}">{later:%B %Y}</option>' in page.text
    by_area = client.get("/phish-and-chips/", {"area": insider.slug})
    assert _titles_listed(by_area) == ["Leeds day", "Online day"]
    by_month = client.get("/phish-and-chips/", {"month": f"{soon:%Y-%m}"})
    assert _titles_listed(by_month) == ["Leeds day"]
    both = client.get("/phish-and-chips/", {"area": insider.slug, "attendance": "online"})
    assert _titles_listed(both) == ["Online day"]
    assert f'<option value="{insider.slug}" selected>Insider Risk</option>' in both.text
    nothing = client.get("/phish-and-chips/", {"area": command.slug, "month": f"{soon:%Y-%m}"})
    assert "No sessions match these filters." in nothing.text


def test_a_filter_the_session_list_does_not_know_gets_a_clear_400(client):
    make_session(title="Leeds day")
    response = client.get("/phish-and-chips/", {"area": "nowhere", "month": "soon"})
    assert response.status_code == 400
    assert "Some filters were not understood" in response.text
    assert "Leeds day" in response.text


def test_the_filtered_session_list_runs_a_fixed_number_of_queries(client):
    area = make_area(slug="insider-risk")
    url = f"/phish-and-chips/?area=insider-risk&attendance=in-person&month={timezone.now():%Y-%m}"
    make_session(area=area)
    small = page_query_count(client, url)
    for number in range(8):
        starts = timezone.now() + timedelta(days=30 * number, hours=1)
        session = make_session(area=area, starts_at=starts, ends_at=starts + timedelta(hours=1))
        session.areas.add(make_area())
        make_registration(session)
    assert page_query_count(client, url) == small
