"""Every public form sent with errors opens with one summary, GOV.UK's way:
"There is a problem", then each error linking to its field."""

import re

import pytest

from tests.enquiries.test_contact import _form as contact_form
from tests.events.test_views import _form as registration_form
from tests.factories import make_asset, make_question, make_session

pytestmark = pytest.mark.django_db


def summary_links(html):
    """Return (target id, text) of each link in the page's error summary."""
    [summary] = re.findall(r'<div class="error-summary".*?</ul>', html, re.DOTALL)
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def field_ids(html):
    return set(re.findall(r'<(?:input|textarea|select)[^>]* id="([^"]+)"', html))


def test_the_contact_form_links_each_error_to_its_field_and_keeps_what_was_typed(client):
    response = client.post("/contact/", contact_form(email="grace@", message="", consent=""))
    links = summary_links(response.text)
    assert [target for target, _ in links] == ["id_email", "id_message", "id_consent"]
    assert {target for target, _ in links} <= field_ids(response.text)
    assert 'value="grace@"' in response.text
    assert "There is a problem" in response.text


def test_the_registration_form_links_each_error_to_its_field(client):
    session = make_session()
    response = client.post(session.get_absolute_url(), registration_form(email="ada", job_title=""))
    links = summary_links(response.text)
    assert [target for target, _ in links] == ["id_email", "id_job_title"]
    assert {target for target, _ in links} <= field_ids(response.text)
    assert 'value="Ada Lovelace"' in response.text


@pytest.mark.parametrize("make_item", [make_asset, make_question])
def test_was_this_helpful_links_a_missing_answer_to_the_first_choice(client, make_item):
    item = make_item()
    response = client.post(item.get_absolute_url(), {"comment": "x" * 501})
    links = summary_links(response.text)
    assert links == [
        ("id_helpful_0", "Choose yes or no."),
        ("id_comment", "Ensure this value has at most 500 characters (it has 501)."),
    ]
    assert {target for target, _ in links} <= field_ids(response.text)


def test_a_form_without_errors_has_no_summary(client):
    assert "error-summary" not in client.get("/contact/").text
