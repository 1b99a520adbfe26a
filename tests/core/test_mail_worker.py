"""Emails in production: queued in the database, delivered by the db_worker process."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from content.core.mail import send_templated_email

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def confirmation_templates(tmp_path, settings):
    (tmp_path / "confirmation_subject.txt").write_text("Your seat at {{ session }} is confirmed\n")
    (tmp_path / "confirmation.txt").write_text("Dear {{ name }}, see you at {{ session }}.")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True)
def test_confirmation_waits_in_the_queue_until_the_worker_delivers_it(confirmation_templates):
    with transaction.atomic():
        send_templated_email(
            template="confirmation",
            context={"name": "Ada", "session": "Phish and Chips London"},
            to=["ada@example.com"],
            attachments=[("invite.ics", "BEGIN:VCALENDAR", "text/calendar")],
        )
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY
    assert queued.task_path == "content.core.mail.deliver_email"
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Your seat at Phish and Chips London is confirmed"
    assert message.to == ["ada@example.com"]
    assert message.attachments[0][0] == "invite.ics"
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
