"""After the day: materials and a survey to the people who came, sent once;
their answers per session for event managers; certificates that say who
attended what, and an address that confirms them; no-shows counted."""

import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from content.core.models import Content
from content.core.uploads import PrivateStorage
from content.events.followup import followup_path, session_followups_send
from content.events.links import manage_path
from content.events.models import Registration, Session, SurveyAnswer
from tests.factories import make_asset, make_registration, make_session

pytestmark = pytest.mark.django_db
Status = Registration.Status
# A Tuesday morning in London, and the Monday session before it.
MONDAY_START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
MONDAY_END = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
MONDAY_EVENING = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path, monkeypatch):
    """Keep this test's slides in a folder of its own."""
    storage = PrivateStorage(location=tmp_path / "private")
    monkeypatch.setattr(Session._meta.get_field("slides"), "storage", storage)
    return storage


@pytest.fixture
def monday(private_files):
    session = make_session(
        title="Phish & Chips Leeds", starts_at=MONDAY_START, ends_at=MONDAY_END, city="Leeds"
    )
    guide = make_asset(title="Quarantine release guide")
    make_asset(title="Not linked")
    session.materials.add(Content.objects.get(pk=guide.pk))
    session.slides.save("deck.pdf", ContentFile(b"%PDF-1.4 slides"))
    return session


def path_of(url):
    return urlsplit(url).path


def link(message, word):
    return path_of(next(url for url in re.findall(r"https?://\S+", message.body) if word in url))


def test_the_day_after_only_attended_people_get_materials_and_survey_once(monday, sent):
    came = make_registration(monday, name="Ada Came", status=Status.ATTENDED)
    make_registration(monday, name="No Show", status=Status.CONFIRMED)
    make_registration(monday, name="Cancelled", status=Status.CANCELLED)

    with sent():
        assert session_followups_send(now=MONDAY_EVENING) == 0  # the same day: not yet
        assert session_followups_send(now=TUESDAY) == 1
        assert session_followups_send(now=TUESDAY) == 0  # run twice, sent once
    (message,) = mail.outbox
    assert message.to == [came.email]
    assert message.subject == "After Phish & Chips Leeds: materials and a two-question survey"
    assert "Quarantine release guide" in message.body
    assert "Not linked" not in message.body
    assert "/phish-and-chips/after/" in message.body


def test_the_command_sends_and_counts_no_shows(monday, sent):
    make_registration(monday, status=Status.ATTENDED)
    make_registration(monday, status=Status.CONFIRMED)
    make_registration(monday, status=Status.CONFIRMED)
    Session.objects.filter(pk=monday.pk).update(
        starts_at=datetime.now(UTC) - timedelta(days=2),
        ends_at=datetime.now(UTC) - timedelta(days=2) + timedelta(hours=6),
    )
    out = io.StringIO()
    with sent():
        call_command("send_session_followups", stdout=out)
        call_command("send_session_followups", stdout=out)
    assert "1 follow-up email(s) queued." in out.getvalue()
    assert "0 follow-up email(s) queued." in out.getvalue()
    assert "“Phish & Chips Leeds”: 1 attended, 2 no-shows." in out.getvalue()
    assert len(mail.outbox) == 1
    assert Registration.objects.no_shows().count() == 2


def test_the_survey_link_gives_materials_slides_and_keeps_one_answer(client, monday, sent):
    came = make_registration(monday, status=Status.ATTENDED)
    with sent():
        session_followups_send(now=TUESDAY)
    page_path = link(mail.outbox[0], "/after/")
    page = client.get(page_path)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Quarantine release guide" in page.text
    slides = client.get(f"{page_path}slides/")
    assert slides.status_code == 200
    assert b"".join(slides.streaming_content) == b"%PDF-1.4 slides"

    refused = client.post(page_path, {"comment": "Great labs", "website": ""})
    assert refused.status_code == 400
    assert "Choose a rating from 1 to 5." in refused.text
    assert "Great labs" in refused.text
    assert (
        client.post(page_path, {"rating": "4", "comment": "Great labs", "website": ""}).status_code
        == 302
    )
    assert (
        client.post(page_path, {"rating": "5", "comment": "Even better", "website": ""}).status_code
        == 302
    )
    answer = SurveyAnswer.objects.get()
    assert (answer.registration, answer.rating, answer.comment) == (came, 5, "Even better")
    assert client.post(page_path, {"rating": "9", "website": ""}).status_code == 400


def test_the_survey_link_of_someone_who_did_not_come_or_a_changed_one_opens_nothing(client, monday):
    no_show = make_registration(monday, status=Status.CONFIRMED)
    assert client.get(followup_path(no_show)).status_code == 404
    came = make_registration(monday, status=Status.ATTENDED)
    assert client.get(followup_path(came)[:-3] + "xx/").status_code == 400


def certificate_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_an_attended_person_downloads_a_certificate_that_an_address_confirms(client, monday):
    came = make_registration(monday, name="Zoë Łukasiewicz", status=Status.ATTENDED)
    manage = client.get(manage_path(came))
    certificate_url = re.search(r'href="([^"]+certificate\.pdf)"', manage.text).group(1)
    response = client.get(certificate_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = " ".join(certificate_text(response.content).split())
    assert "Certificate of attendance" in text
    assert "Zoë Łukasiewicz" in text
    assert "Phish & Chips Leeds" in text
    assert "Monday 2 March 2026, 09:30–15:00 GMT (5 hours 30 minutes)" in text
    verify = re.search(r"https?://\S+/phish-and-chips/certificates/\S+/", text).group(0)

    confirmed = client.get(path_of(verify))
    assert confirmed.status_code == 200
    assert "This certificate is genuine" in confirmed.text
    assert "Zoë Łukasiewicz" in confirmed.text
    assert "5 hours 30 minutes" in confirmed.text
    forged = client.get(path_of(verify).replace("/certificates/", "/certificates/x"))
    assert forged.status_code == 404
    assert "We cannot confirm this certificate" in forged.text


def test_only_people_marked_attended_have_a_certificate(client, monday):
    no_show = make_registration(monday, status=Status.CONFIRMED)
    manage = client.get(manage_path(no_show))
    assert "certificate" not in manage.text.lower()
    assert client.get(f"{manage_path(no_show)}certificate.pdf").status_code == 404


def test_event_managers_see_answers_per_session_and_no_shows(client_in_group, monday):
    other = make_session(title="Other day", starts_at=MONDAY_START, ends_at=MONDAY_END)
    SurveyAnswer.objects.create(
        registration=make_registration(monday, status=Status.ATTENDED), rating=4, comment="Labs"
    )
    SurveyAnswer.objects.create(
        registration=make_registration(monday, status=Status.ATTENDED), rating=5, comment=""
    )
    SurveyAnswer.objects.create(
        registration=make_registration(other, status=Status.ATTENDED), rating=1, comment="Cold"
    )
    make_registration(monday, status=Status.CONFIRMED)
    manager = client_in_group("Event managers")
    sessions = manager.get(reverse("admin:events_session_changelist"))
    assert "2 attended, 1 no-shows" in sessions.text
    assert "survey 4.5 / 5 (2 answers)" in sessions.text
    answers = manager.get(
        reverse("admin:events_surveyanswer_changelist"),
        {"registration__session__id__exact": monday.pk},
    )
    assert answers.status_code == 200
    assert "Labs" in answers.text
    assert "Cold" not in answers.text
