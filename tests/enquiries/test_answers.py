"""Without JavaScript, "Check for answers" shows answers and keeps the form as typed."""

import pytest
from django.core import mail
from django.test import override_settings

from content.core.models import Content
from content.enquiries.models import Enquiry
from tests.enquiries.test_contact import _form
from tests.factories import make_area, make_question
from tests.library.conftest import upload

pytestmark = pytest.mark.django_db


def _check(client, **fields):
    return client.post("/contact/", _form(check="1", **fields))


@pytest.fixture
def ports_answer():
    return make_question(
        title="Which ports does mail delivery use?",
        body="Inbound mail arrives on port 25; the console uses 443.",
    )


def test_answers_to_the_subject_are_shown_with_the_form_as_typed(client, ports_answer):
    area = make_area(name="Command Centre")
    response = _check(client, subject="mail ports", product_area=area.pk)
    assert response.status_code == 200
    text = response.text
    assert "Answers that may help" in text
    assert f'href="{ports_answer.get_absolute_url()}" target="_blank"' in text
    assert "Which ports does mail delivery use?" in text
    assert 'value="mail ports"' in text
    assert 'value="Ada Lovelace"' in text
    assert "Our LDAP sync stopped at 02:00." in text
    assert '<option value="support" selected>' in text
    assert f'<option value="{area.pk}" selected>' in text
    assert "checked" in text.split('name="consent"')[1].split(">")[0]


def test_checking_stores_and_sends_nothing_and_shows_no_errors(client, ports_answer):
    response = _check(client, name="", email="", message="", subject="ports")
    assert response.status_code == 200
    assert "Which ports does mail delivery use?" in response.text
    assert 'class="field__error"' not in response.text
    assert "Please correct" not in response.text
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_drafts_are_never_suggested(client, ports_answer):
    make_question(title="Unreleased ports plan", status=Content.Status.DRAFT)
    response = _check(client, subject="ports")
    assert "Which ports does mail delivery use?" in response.text
    assert "Unreleased ports plan" not in response.text


def test_a_subject_without_answers_says_so(client, ports_answer):
    response = _check(client, subject="<b>zanzibar</b>")
    assert "We found no answers to “&lt;b&gt;zanzibar&lt;/b&gt;”" in response.text
    assert "Answers that may help" not in response.text


def test_checking_without_a_subject_asks_for_one(client):
    response = _check(client, subject="")
    assert "Type a subject first" in response.text


def test_a_chosen_file_must_be_chosen_again_after_checking(client, ports_answer):
    response = client.post(
        "/contact/", _form(check="1", subject="ports", attachment=upload("a.png"))
    )
    assert "Please choose your file again" in response.text
    assert not Enquiry.objects.exists()


@override_settings(RATELIMIT_ENABLE=True, RATELIMITS={"contact": "1/h", "search-api": "3/m"})
def test_checking_counts_as_a_search_not_as_an_enquiry(client):
    assert [_check(client, subject="ports").status_code for _ in range(3)] == [200, 200, 200]
    assert _check(client, subject="ports").status_code == 429
    assert client.post("/contact/", _form()).status_code == 302
    assert client.post("/contact/", _form()).status_code == 429


def test_the_form_offers_the_button_and_suggestions_as_the_subject_is_typed(client):
    text = client.get("/contact/").text
    assert '<button type="submit" class="button--secondary" name="check" value="1"' in text
    assert 'enctype="multipart/form-data"' in text
    subject = text.split('name="subject"')[1].split(">")[0]
    assert 'data-suggest-url="/api/search"' in subject
    assert 'data-results-url="/search/"' in subject
    assert "data-suggest-new-tab" in subject
    assert "answers__found" not in text
