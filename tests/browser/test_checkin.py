"""The door on a phone: staff sign in, find people, check them in with one tap
and undo it; the attendee's code on their manage page scans to the check-in."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
import zxingcpp
from django.contrib.auth.models import Permission
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from content.events.booking import registration_mark_attended, registration_unmark_attended
from content.events.links import manage_path
from content.events.models import Registration
from tests.browser.helpers import NARROW, PHONE, axe
from tests.factories import make_registration, make_session

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def door_staff(django_user_model):
    """Staff who may change registrations: what the door needs, nothing more."""
    user = django_user_model.objects.create_user("door", password="correct horse", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="events", codename="change_registration")
    )
    return user


@pytest.fixture
def door_day():
    starts = timezone.now() + timedelta(minutes=30)
    session = make_session(
        title="Phish & Chips Leeds",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        capacity=5,
    )
    for name in ["Ada Lovelace", "Alan Turing", "Grace Hopper"]:
        make_registration(session, name=name, company="Example Engineering Ltd")
    return session


def sign_in(page):
    page.get_by_label("Username").fill("door")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()


def test_checking_people_in_on_a_phone(phone_page, door_staff, door_day):
    page = phone_page
    page.clock.install()  # the counts' refresh runs when the test moves the clock on
    page.goto(f"/phish-and-chips/{door_day.slug}/check-in/")
    sign_in(page)
    expect(page.get_by_role("heading", name="Check-in: Phish & Chips Leeds")).to_be_visible()
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size(NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size(PHONE)
    expect(page.get_by_role("main")).not_to_contain_text("GOV.UK")  # a template comment
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=DOCS_SCREENSHOTS / "checkin-390.png", full_page=True)

    # A colleague at the other door checks Grace in: the counts follow, no reload.
    registration_mark_attended(registration=door_day.registrations.get(name="Grace Hopper"))
    page.clock.run_for(16_000)
    expect(page.locator('[data-count="checked_in"]')).to_have_text("1")
    expect(page.locator('[data-count="expected"]')).to_have_text("2")
    registration_unmark_attended(registration=door_day.registrations.get(name="Grace Hopper"))

    page.get_by_label("Find by name").fill("ada")
    page.get_by_role("button", name="Find").tap()
    expect(page.get_by_text("1 found for “ada”")).to_be_visible()
    page.get_by_role("button", name="Check in Ada Lovelace").tap()
    expect(page.get_by_role("status").filter(has_text="Ada Lovelace is checked in")).to_be_visible()
    expect(page.locator('[data-count="checked_in"]')).to_have_text("1")
    page.get_by_role("button", name="Undo check-in of Ada Lovelace").tap()
    expect(page.get_by_text("Check-in of Ada Lovelace undone.")).to_be_visible()
    expect(page.locator('[data-count="checked_in"]')).to_have_text("0")

    page.get_by_role("link", name="Show everyone").tap()
    page.get_by_label("Name", exact=True).fill("Walk In")
    page.get_by_label("Email", exact=True).fill("walk.in@example.com")
    page.get_by_label("Company").fill("Example Ltd")
    page.get_by_label("Job title").fill("Analyst")
    page.get_by_label("They agree to emails about this session").check()
    page.get_by_role("button", name="Register and check in").tap()
    expect(page.get_by_text("Walk In is registered and checked in.")).to_be_visible()
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.problems == []


def test_the_code_on_the_manage_page_scans_to_a_check_in(page, door_staff, door_day):
    registration = door_day.registrations.get(name="Grace Hopper")
    page.goto(manage_path(registration))
    code = page.locator("svg.qr-code")
    expect(code).to_be_visible()
    image = Image.open(io.BytesIO(code.screenshot()))
    (address,) = [result.text for result in zxingcpp.read_barcodes(image)]

    page.goto(address)  # SITE_URL is the live server's: the code says where to go
    sign_in(page)
    expect(page.get_by_text("Checked in now")).to_be_visible()
    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert page.problems == []


def test_the_check_in_list_works_without_javascript(no_script_page, door_staff, door_day):
    page = no_script_page
    page.goto(f"/phish-and-chips/{door_day.slug}/check-in/")
    sign_in(page)
    page.get_by_role("button", name="Check in Alan Turing").click()
    expect(page.get_by_text("Alan Turing is checked in")).to_be_visible()
    expect(page.locator('[data-count="checked_in"]')).to_have_text("1")
    alan = door_day.registrations.get(name="Alan Turing")
    expect(page.locator(f"#person-{alan.pk}")).to_contain_text("Checked in")
    alan.refresh_from_db()
    assert alan.status == Registration.Status.ATTENDED
