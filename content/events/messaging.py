"""Messages event managers write to a session's people: a preview, a test to
themselves, then one email per person through the worker.

Sending queues one job (send_session_message, below) in the
transaction that saves the message. The job records a delivery per person in
the same transaction as that person's email, under a unique constraint, so a
job that is retried, or runs twice at once, skips whoever already had it.
"""

from django.db import transaction
from django.db.models import Count
from django.tasks import task

from content.core.mail import enqueue_with_transaction
from content.events.emails import registration_email_send
from content.events.models import Registration, SessionMessage, SessionMessageDelivery


def session_message_counts(*, session):
    """Return {status: how many} of the people a message to `session` can reach."""
    reachable = session.registrations.filter(status__in=SessionMessage.AUDIENCES, purged_at=None)
    counted = dict(reachable.order_by().values_list("status").annotate(total=Count("pk")))
    return {status: counted.get(status, 0) for status in SessionMessage.AUDIENCES}


def session_message_test_send(*, message, to):
    """Email `message` (unsaved) to `to`, a member of staff, as its people will get it;
    return False when the address has had its share of mails today."""
    example = Registration(session=message.session, name="(the attendee's name)", email=to)
    example.status = Registration.Status.CONFIRMED
    return registration_email_send(
        registration=example, email="message", extra_context={"message": message, "test": True}
    )


def session_message_send(*, message):
    """Save `message` and queue the job that emails its people; return how many it addresses."""
    with transaction.atomic():
        message.recipients = message.addressees().count()
        message.save()
        enqueue_with_transaction(send_session_message, message_id=message.pk)
    return message.recipients


def session_message_deliver(*, message_id):
    """Email message `message_id` to each of its people who has not had it; return how many."""
    message = SessionMessage.objects.select_related("session").get(pk=message_id)
    sent = 0
    for registration in message.addressees().exclude(
        pk__in=message.deliveries.values("registration")
    ):
        with transaction.atomic():
            _, created = SessionMessageDelivery.objects.get_or_create(
                message=message, registration=registration
            )
            if created:
                registration.session = message.session
                registration_email_send(
                    registration=registration, email="message", extra_context={"message": message}
                )
                sent += 1
    return sent


@task
def send_session_message(message_id):
    """Email a message to its people; a retry sends only to those who did not have it."""
    return session_message_deliver(message_id=message_id)
