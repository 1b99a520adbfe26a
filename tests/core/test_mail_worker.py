"""Emails in production: queued in the database, delivered by the db_worker process.

The worker sends through a real SMTP server on a loopback port (tests/smtp.py)
that refuses, hangs or answers.
"""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from content.core.mail import send_templated_email
from tests.smtp import SmtpServer

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


@pytest.fixture
def smtp(settings):
    """A real SMTP server, down until the test starts it, that the hub sends through."""
    server = SmtpServer()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 1},
        }
    }
    yield server
    server.refuse()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def queue_confirmation():
    with transaction.atomic():
        send_templated_email(
            template="confirmation",
            context={"name": "Ada", "session": "Phish and Chips London"},
            to=["ada@example.com"],
        )


def time_passes():
    """Make every deferred task due now."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


@override_settings(TASKS=DATABASE_TASKS, MAIL_ATTEMPTS=3, MAIL_RETRY_SECONDS=60)
@pytest.mark.django_db(transaction=True)
def test_a_refused_mail_is_tried_again_later_each_time_then_given_up(
    confirmation_templates, smtp, caplog
):
    queue_confirmation()
    started = timezone.now()

    run_worker()
    first_retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert first_retry.args_kwargs["kwargs"]["attempt"] == 2
    assert 59 < (first_retry.run_after - started).total_seconds() < 65
    time_passes()
    run_worker()
    second_retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert 119 < (second_retry.run_after - timezone.now()).total_seconds() < 121
    time_passes()
    run_worker()

    assert smtp.messages == []
    assert not DBTaskResult.objects.ready().exists()
    given_up = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert given_up.exception_class_path == "content.core.mail.MailNotDelivered"
    errors = [record for record in caplog.records if record.name == "hub.mail"]
    assert [record.levelname for record in errors] == ["WARNING", "WARNING", "ERROR"]
    assert "given up: ConnectionRefusedError" in errors[-1].getMessage()
    assert errors[-1].task == str(given_up.id)
    assert all("ada@example.com" not in record.getMessage() for record in caplog.records)


@override_settings(TASKS=DATABASE_TASKS, MAIL_RETRY_SECONDS=60)
@pytest.mark.django_db(transaction=True)
def test_a_mail_refused_once_is_delivered_once_when_the_server_is_back(
    confirmation_templates, smtp
):
    queue_confirmation()
    run_worker()
    smtp.serve()
    run_worker()
    assert smtp.messages == []  # the next attempt is not due yet

    time_passes()
    run_worker()
    run_worker()

    assert smtp.recipients() == ["ada@example.com"]
    assert smtp.messages[0][1]["Subject"] == "Your seat at Phish and Chips London is confirmed"


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True)
def test_a_hung_server_holds_the_worker_no_longer_than_the_timeout(confirmation_templates, smtp):
    smtp.hang()
    queue_confirmation()

    started = time.monotonic()
    run_worker()

    assert time.monotonic() - started < 5
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_mail_queued(confirmation_templates):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_templated_email(template="confirmation", context={}, to=["ada@example.com"])
        # Stored with the change itself, not after it commits.
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the booking failed after its mail was queued")

    assert not DBTaskResult.objects.exists()


@override_settings(TASKS=DATABASE_TASKS, TASK_LEASE_SECONDS=300)
@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_back_mails_of_a_worker_that_died(confirmation_templates):
    queue_confirmation()
    queue_confirmation()
    abandoned, running = DBTaskResult.objects.all()
    for task_result, minutes_ago in [(abandoned, 6), (running, 1)]:
        task_result.claim("a-worker-since-killed")
        task_result.started_at = timezone.now() - timedelta(minutes=minutes_ago)
        task_result.save()

    run_worker()

    assert len(mail.outbox) == 1
    abandoned.refresh_from_db()
    running.refresh_from_db()
    assert abandoned.status == TaskResultStatus.SUCCESSFUL
    assert running.status == TaskResultStatus.RUNNING
