"""A visitor contacts the technical team and gets a reference they can trust."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from content.enquiries.models import Enquiry
from tests.factories import make_area

pytestmark = pytest.mark.django_db


def _form(**fields):
    values = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "company": "Analytical Engines Ltd",
        "topic": "support",
        "product_area": "",
        "message": "Our LDAP sync stopped at 02:00.",
        "consent": "on",
        "website": "",
    }
    return values | fields


def _selected_topic(html):
    select = re.search(r'<select name="topic".*?</select>', html, re.DOTALL).group(0)
    match = re.search(r'<option value="([^"]+)" selected>', select)
    return match.group(1) if match else None


@pytest.mark.parametrize("topic", ["support", "partner", "quote", "demo"])
def test_topic_from_the_link_is_chosen_already(client, topic):
    assert _selected_topic(client.get("/contact/", {"topic": topic}).text) == topic


def test_unknown_topic_leaves_the_choice_open(client):
    response = client.get("/contact/", {"topic": "<script>"})
    assert response.status_code == 200
    assert _selected_topic(response.text) is None


def test_home_page_calls_lead_to_the_form_with_their_topic(client):
    home = client.get("/").text
    for link in re.findall(r'href="(/contact/\?topic=\w+)"', home):
        assert _selected_topic(client.get(link).text) == link.rsplit("=", 1)[1]
    assert "/contact/?topic=support" in home
    assert "/contact/?topic=partner" in home


def test_every_field_has_a_label(client):
    html = client.get("/contact/").text
    fields = ["name", "email", "company", "topic", "product_area", "subject", "message"]
    for name in [*fields, "attachment", "consent"]:
        assert f'<label for="id_{name}">' in html, name


@override_settings(ENQUIRY_NOTIFY_EMAILS=["team@example.com", "lead@example.com"])
def test_enquiry_is_stored_with_a_reference_shown_and_emailed(
    client, django_capture_on_commit_callbacks
):
    area = make_area(name="Insider Risk")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", _form(product_area=area.pk), follow=True)
    enquiry = Enquiry.objects.get()
    assert re.fullmatch(r"TH-[A-Z2-9]{4}-[A-Z2-9]{4}", enquiry.reference)
    assert enquiry.status == Enquiry.Status.NEW
    assert enquiry.product_area == area
    assert enquiry.consent
    assert response.status_code == 200
    assert enquiry.reference in response.text

    receipt, notice = mail.outbox
    assert receipt.to == ["ada@example.com"]
    assert enquiry.reference in receipt.subject
    assert enquiry.reference in receipt.body
    assert notice.to == ["team@example.com", "lead@example.com"]
    assert enquiry.reference in notice.subject
    assert f"/admin/enquiries/enquiry/{enquiry.pk}/change/" in notice.body
    assert notice.body.count(f"{settings.SITE_URL}/") == 1


@override_settings(ENQUIRY_NOTIFY_EMAILS=[])
def test_without_staff_addresses_only_the_person_is_written_to(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", _form())
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


@override_settings(ENQUIRY_NOTIFY_EMAILS=["team@example.com"])
def test_emails_keep_apostrophes_and_ampersands_as_typed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", _form(name="Dara O'Brien", message="Tom & Jerry <ops>"))
    receipt, notice = mail.outbox
    assert "Dear Dara O'Brien," in receipt.body
    assert "Tom & Jerry <ops>" in notice.body


@override_settings(ENQUIRY_NOTIFY_EMAILS=["team@example.com"])
def test_the_receipt_to_an_unverified_address_carries_none_of_the_message(
    client, django_capture_on_commit_callbacks
):
    message = "Your mailbox is full. Log in at https://evil.example/reset within 24 hours."
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", _form(email="victim@example.com", message=message))
    receipt, notice = mail.outbox
    assert receipt.to == ["victim@example.com"]
    assert "evil.example" not in receipt.body
    assert "mailbox is full" not in receipt.body
    assert message in notice.body


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "Ada\nClick https://evil.example", "Please keep this on one line."),
        ("company", "Analytical\r\nEngines", "Please keep this on one line."),
        ("name", "Claim your prize at evil.example", "without web or email addresses"),
    ],
)
def test_a_name_or_company_that_is_not_one_plain_line_is_refused(client, field, value, error):
    response = client.post("/contact/", _form(**{field: value}))
    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    assert error in response.text
    assert "Our LDAP sync stopped at 02:00." in response.text


def test_references_differ(client):
    for _ in range(3):
        client.post("/contact/", _form())
    assert len(set(Enquiry.objects.values_list("reference", flat=True))) == 3


def test_missing_consent_is_explained_next_to_the_box_and_keeps_what_was_typed(client):
    form = _form()
    del form["consent"]
    response = client.post("/contact/", form)
    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    assert "Please tick this box" in response.text
    assert 'value="Ada Lovelace"' in response.text
    assert "Our LDAP sync stopped at 02:00." in response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-address"), ("topic", "world-domination"), ("name", ""), ("message", "")],
)
def test_invalid_fields_are_refused_with_a_message(client, field, value):
    response = client.post("/contact/", _form(**{field: value}))
    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    assert 'class="field__error"' in response.text


def test_too_long_message_is_refused(client):
    response = client.post("/contact/", _form(message="x" * 5001))
    assert "at most 5000 characters" in response.text
    assert not Enquiry.objects.exists()


def test_honeypot_filled_in_sends_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", _form(website="http://spam.example"))
    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


@override_settings(RATELIMIT_ENABLE=True, RATELIMITS={"contact": "2/h"})
def test_too_many_enquiries_from_one_client_get_a_429(client):
    assert [client.post("/contact/", _form()).status_code for _ in range(2)] == [302, 302]
    response = client.post("/contact/", _form())
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Enquiry.objects.count() == 2
    assert client.get("/contact/").status_code == 200


def test_the_sent_page_is_never_kept_by_any_cache(client, settings):
    settings.PAGE_CACHE = True
    sent_url = client.post("/contact/", _form())["Location"]
    enquiry = Enquiry.objects.get()
    first = client.get(sent_url)
    assert enquiry.reference in first.text
    Enquiry.objects.filter(pk=enquiry.pk).update(reference="TH-NEWR-EFXX")
    second = client.get(sent_url)
    assert second.status_code == 404
    assert "private" in first["Cache-Control"] and "no-store" in first["Cache-Control"]


@pytest.mark.parametrize("token", ["nonsense", "TH-AAAA-AAAA", "a" * 300])
def test_receipt_page_with_a_forged_token_is_not_found(client, token):
    assert client.get(f"/contact/sent/{token}/").status_code == 404


@override_settings(ENQUIRY_NOTIFY_EMAILS=["team@example.com"], MAIL_PER_ADDRESS_PER_DAY=2)
def test_an_address_gets_a_bounded_number_of_receipts_a_day_and_the_page_says_so(
    client, django_capture_on_commit_callbacks
):
    pages = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            pages.append(client.post("/contact/", _form(email="Victim@Example.com"), follow=True))
    receipts = [message for message in mail.outbox if message.to == ["Victim@Example.com"]]
    notices = [message for message in mail.outbox if message.to == ["team@example.com"]]
    assert (len(receipts), len(notices)) == (2, 3)
    assert "We have sent a receipt" in pages[1].text
    assert "We could not send a receipt this time" in pages[2].text
    assert Enquiry.objects.count() == 3
