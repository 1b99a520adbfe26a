"""One person from registration to certificate, through the real pages, emails,
calendar file, QR code and PDF: register, get the confirmation with its .ics
and code, have the code scanned at the door, get the materials and survey the
day after, answer, and download a certificate that its address confirms.

The reschedule step between registration and the door (an updated .ics with
the same UID and a higher SEQUENCE) belongs to the change emails of issue 24
item 1, built on another branch; its test joins this path once both are merged.
"""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from PIL import Image
from pypdf import PdfReader

from content.events.followup import session_followups_send
from content.events.models import Registration, SurveyAnswer
from content.privacy.models import AccessRecord
from tests.factories import make_session

pytestmark = pytest.mark.django_db


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_one_person_from_registration_to_certificate(client, client_in_group, sent):
    starts = (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    session = make_session(
        title="Phish & Chips Leeds",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        time_zone="Europe/London",
        capacity=20,
    )

    # 1. She registers through the public form and lands on her manage page.
    with sent():
        registered = client.post(
            session.get_absolute_url(),
            {
                "name": "Mary Jackson",
                "email": "mary.jackson@example.com",
                "company": "Example Aerospace",
                "job_title": "Security engineer",
                "consent": "on",
                "website": "",
            },
            follow=True,
        )
    assert "Thank you for registering" in registered.text
    assert "Your code for the door" in registered.text
    registration = Registration.objects.get(email="mary.jackson@example.com")
    assert registration.status == Registration.Status.CONFIRMED

    # 2. The confirmation carries the calendar entry and the code for the door.
    (confirmation,) = mail.outbox
    (ics,) = [content for name, content, _ in confirmation.attachments if name.endswith(".ics")]
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert event["UID"].startswith(str(registration.token))
    assert event.decoded("DTSTART") == starts.astimezone(ZoneInfo("Europe/London"))
    html = confirmation.alternatives[0][0]
    image = re.search(r'<img src="([^"]+)"', html).group(1)
    png = client.get(path_of(image)).content
    (address,) = [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]

    # 3. At the door, a member of staff scans it: checked in now, and recorded.
    door = client_in_group("Event managers")
    scanned = door.get(path_of(address))
    assert "Checked in now" in scanned.text
    assert "Mary Jackson" in scanned.text
    assert AccessRecord.objects.filter(object_id=str(registration.pk)).exists()
    assert "Already checked in" in door.get(path_of(address)).text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED

    # 4. The day after, the materials and survey email; run twice, sent once.
    next_day = session.ends_at + timedelta(days=1)
    with sent():
        assert session_followups_send(now=next_day) == 1
        assert session_followups_send(now=next_day) == 0
    (followup,) = mail.outbox
    survey = path_of(re.search(r"https?://\S+/phish-and-chips/after/\S+/", followup.body).group(0))
    answered = client.post(
        survey, {"rating": "5", "comment": "The lab on quarantine rules", "website": ""}
    )
    assert answered.status_code == 302
    assert SurveyAnswer.objects.get().comment == "The lab on quarantine rules"

    # 5. From her manage page, the certificate; its address confirms it.
    manage = path_of(re.search(r"https?://\S+/phish-and-chips/manage/\S+/", followup.body).group(0))
    page = client.get(manage)
    certificate = re.search(r'href="([^"]+certificate\.pdf)"', page.text).group(1)
    pdf = PdfReader(io.BytesIO(client.get(certificate).content))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    local = starts.astimezone(ZoneInfo("Europe/London"))
    assert "Mary Jackson" in text
    assert "Phish & Chips Leeds" in text
    assert f"{local:%-d %B %Y, %H:%M}" in text
    assert "(6 hours)" in text
    verify = re.search(r"https?://\S+/phish-and-chips/certificates/\S+/", text).group(0)
    confirmed = client.get(path_of(verify))
    assert "This certificate is genuine" in confirmed.text
    assert "Mary Jackson" in confirmed.text
