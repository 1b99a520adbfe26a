import pytest
from django import forms
from django.core import mail
from django.db import transaction

from content.core.forms import HoneypotForm
from content.core.mail import send_templated_email


class NameForm(HoneypotForm):
    name = forms.CharField()


def test_honeypot_left_empty_passes():
    assert NameForm({"name": "Ada", "website": ""}).is_valid()


def test_honeypot_filled_in_fails_and_keeps_the_data():
    form = NameForm({"name": "Ada", "website": "http://spam.example"})
    assert not form.is_valid()
    assert "website" in form.errors
    assert form["name"].value() == "Ada"


@pytest.fixture
def hello_templates(tmp_path, settings):
    (tmp_path / "hello_subject.txt").write_text("Hello {{ name }} & co\n")
    (tmp_path / "hello.txt").write_text("Dear {{ name }} & {{ team }}")
    (tmp_path / "hello.html").write_text("<p>Dear {{ name }} & {{ team }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


def _send_hello():
    send_templated_email(
        template="hello",
        context={"name": "Ada", "team": "Phish & Chips"},
        to=["ada@example.com"],
        attachments=[("invite.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )


@pytest.mark.django_db(transaction=True)
def test_templated_email_is_sent_after_commit_with_attachment(hello_templates):
    with transaction.atomic():
        _send_hello()
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Hello Ada & co"
    assert message.to == ["ada@example.com"]
    assert message.body == "Dear Ada & Phish & Chips"
    assert message.alternatives[0][0] == "<p>Dear Ada & Phish &amp; Chips</p>"
    assert message.attachments[0][0] == "invite.ics"


@pytest.mark.django_db(transaction=True)
def test_no_email_leaves_when_the_transaction_rolls_back(hello_templates):
    with pytest.raises(RuntimeError), transaction.atomic():
        _send_hello()
        raise RuntimeError("booking failed")
    assert mail.outbox == []
