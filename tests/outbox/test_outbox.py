"""`make run` keeps the emails it would send, and /dev/outbox/ shows them to the developer."""

import re
import subprocess
from pathlib import Path

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.test import Client

from tests.factories import make_session
from tests.helpers import registration_form

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def outbox(settings, tmp_path):
    """Keep emails as `make run` does: files of Django's file-based backend, DEBUG on."""
    settings.DEBUG = True
    settings.MAILERS = {"default": {"BACKEND": FILE_BACKEND, "OPTIONS": {"file_path": tmp_path}}}
    return tmp_path


def _register(client, session, on_commit):
    with on_commit(execute=True):
        client.post(session.get_absolute_url(), registration_form())


def test_a_confirmation_is_kept_and_shown_with_clickable_links_and_its_calendar_file(
    client, outbox, django_capture_on_commit_callbacks, settings
):
    session = make_session(title="Leeds day")
    _register(client, session, django_capture_on_commit_callbacks)
    assert list(outbox.glob("*.log"))
    page = client.get("/dev/outbox/")
    assert page.status_code == 200
    text = page.text
    assert "You have a seat: Leeds day" in text
    assert "ada@example.com" in text
    # The HTML part in a sandbox that runs no script, escaped into srcdoc.
    (frame,) = re.findall(r"<iframe[^>]*>", text)
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in frame
    assert 'srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;!doctype html&gt;' in frame
    # The plain text part, with its links clickable.
    manage = re.search(r'<a href="(http://[^"]+/phish-and-chips/manage/[^"]+)"', text)
    assert manage
    assert client.get(manage[1].removeprefix(settings.SITE_URL)).status_code == 200
    # The calendar file downloads as it was attached.
    (download,) = re.findall(r'href="(/dev/outbox/[^"]+)" download="phish-and-chips.ics"', text)
    response = client.get(download)
    assert response["Content-Type"] == "text/calendar"
    assert 'filename="phish-and-chips.ics"' in response["Content-Disposition"]
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Leeds day"


def test_html_of_an_email_never_runs_on_the_page(client, outbox):
    message = EmailMultiAlternatives("Hostile", "plain", to=["a@example.com"])
    message.attach_alternative('<p onclick="x()">Hi</p><script>alert("x")</script>', "text/html")
    message.send()
    text = client.get("/dev/outbox/").text
    assert "<script>alert" not in text
    assert 'onclick="x()"' not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text


def test_the_newest_email_comes_first(client, outbox):
    for subject in ["First", "Second"]:
        EmailMultiAlternatives(subject, "body", to=["a@example.com"]).send()
    text = client.get("/dev/outbox/").text
    assert text.index("Second") < text.index("First")


@pytest.mark.parametrize("path", ["/dev/outbox/", "/dev/outbox/nothing.0/0/"])
def test_with_debug_off_the_outbox_is_404_for_everyone_but_superusers(
    client, outbox, settings, django_user_model, path
):
    settings.DEBUG = False
    assert client.get(path).status_code == 404
    staff = Client()
    staff.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    assert staff.get(path).status_code == 404
    superuser = Client()
    superuser.force_login(get_user_model().objects.create_superuser("root", "r@example.com", "x"))
    assert superuser.get("/dev/outbox/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/dev/outbox/missing.0/0/", "/dev/outbox/..%2F..%2Fsecret.0/0/", "/dev/outbox/x/0/"]
)
def test_an_unknown_email_or_attachment_is_404(client, outbox, path):
    EmailMultiAlternatives("Only", "body", to=["a@example.com"]).send()
    assert client.get(path).status_code == 404


def test_the_page_says_when_rate_limits_are_off(client, outbox, settings):
    settings.RATELIMIT_ENABLE = False
    assert "Rate limits are off" in client.get("/dev/outbox/").text
    settings.RATELIMIT_ENABLE = True
    assert "Rate limits are off" not in client.get("/dev/outbox/").text


def test_the_page_says_where_emails_go_when_they_are_not_kept(client, settings):
    settings.DEBUG = True
    text = client.get("/dev/outbox/").text
    assert "Emails are not kept here" in text


def test_make_run_keeps_emails_turns_rate_limits_off_and_says_so():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=9101"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert "Emails are kept, not sent: read them on http://127.0.0.1:9101/dev/outbox/" in dry_run
    assert "Rate limits are off (RATELIMIT_ENABLE=0)." in dry_run
    makefile = (ROOT / "Makefile").read_text()
    assert f"run: export EMAIL_BACKEND ?= {FILE_BACKEND}" in makefile
    assert "run: export RATELIMIT_ENABLE ?= 0" in makefile
