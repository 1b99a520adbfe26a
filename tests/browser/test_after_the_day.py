"""After the day, in a real browser: the attendee's materials and survey page,
their manage page with the certificate, and the page that confirms it."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from content.core.models import Content
from content.events.followup import followup_path
from content.events.links import manage_path
from content.events.models import Registration, SurveyAnswer
from tests.browser.helpers import BAD_REQUEST, assert_accessible_at_every_width
from tests.factories import make_asset, make_registration, make_session


def test_materials_survey_and_certificate_are_accessible_and_work(page):
    starts = timezone.now() - timedelta(days=1, hours=8)
    session = make_session(
        title="Phish & Chips Leeds", starts_at=starts, ends_at=starts + timedelta(hours=6)
    )
    guide = make_asset(title="Quarantine release guide")
    session.materials.add(Content.objects.get(pk=guide.pk))
    came = make_registration(session, name="Katherine Johnson", status=Registration.Status.ATTENDED)

    survey = followup_path(came)
    page.goto(survey)
    expect(page.get_by_role("link", name="Quarantine release guide")).to_be_visible()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Choose a rating from 1 to 5.").first).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="after-the-day-survey-error")
    page.get_by_label("4").check()
    page.get_by_label("What should we keep or change? (optional)").fill("More labs")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you: your answer is saved.")).to_be_visible()
    assert SurveyAnswer.objects.get().rating == 4

    page.goto(manage_path(came))
    assert_accessible_at_every_width(page, screenshot="manage-attended")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate of attendance (PDF)").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "Katherine Johnson" in text
    verify = re.search(r"https?://\S+/phish-and-chips/certificates/\S+/", text).group(0)
    page.goto(verify)
    expect(page.get_by_role("heading", name="This certificate is genuine")).to_be_visible()
    assert_accessible_at_every_width(page, screenshot="certificate-verified")
    # The survey sent without a rating answered 400, as a refused form does; nothing else.
    assert [problem.split(": ", 1)[1] for problem in page.problems] == [BAD_REQUEST]
    assert page.problems[0].startswith(f"{page.url.split('/phish-and-chips/')[0]}{survey}")
