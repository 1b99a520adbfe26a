"""Email through Django's Tasks framework: queued with the change it tells of.

Callers render the message first; the task only carries plain text, HTML and
attachments, so the database backend can store it in the caller's transaction
(a mail is queued if and only if the booking or enquiry is committed) and the
db_worker process delivers it, trying again later while the mail server fails.

Mail to an address nobody has verified (a visitor's, typed into a form) is
bounded: each address gets at most MAIL_PER_ADDRESS_PER_DAY such mails a day,
so that the hub cannot be used to flood someone's inbox.
"""

import hashlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from content.core.models import Counter

logger = logging.getLogger("hub.security")
mail_logger = logging.getLogger("hub.mail")
DAY = 24 * 60 * 60


class MailNotDelivered(Exception):
    """The mail server did not take a mail in any of the MAIL_ATTEMPTS attempts."""


@task(takes_context=True)
def deliver_email(context, *, subject, to, text, html="", attachments=(), attempt=1):
    """Send one email; while the server fails, queue the next attempt, later each time.

    `attachments` holds [filename, content, mimetype] lists. An attempt that
    hands the mail on ends successfully and returns the next attempt's task
    id; the last attempt fails with MailNotDelivered. Logs name the task, never
    an address.
    """
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except OSError as error:  # smtplib's errors, refused connections and timeouts
        # The class and SMTP code only: a server's message may quote the address.
        failure = " ".join([type(error).__name__, str(getattr(error, "smtp_code", ""))]).strip()
        log = {"event": "mail-failed", "task": context.task_result.id, "attempt": attempt}
        if attempt >= settings.MAIL_ATTEMPTS:
            mail_logger.error("mail not delivered, given up: %s", failure, extra=log)
            raise MailNotDelivered(f"Gave up after {attempt} attempts: {failure}") from None
        delay = settings.MAIL_RETRY_SECONDS * 2 ** (attempt - 1)
        retry = deliver_email.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            subject=subject,
            to=to,
            text=text,
            html=html,
            attachments=attachments,
            attempt=attempt + 1,
        )
        mail_logger.warning(
            "mail not delivered, next attempt in %g s: %s", delay, failure, extra=log
        )
        return retry.id


def _render_plain(template_name, context):
    """Render a plain-text template without HTML escaping: "Q&A", not "Q&amp;A"."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def address_allowance_take(address):
    """Count one mail to the unverified `address` today; return False once it has had its share."""
    # The counter is named by a digest: the table holds no address.
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()
    day = int(time.time() // DAY)
    count = Counter.objects.increment(f"mail-address:{digest}:{day}", DAY + 60)
    if count == settings.MAIL_PER_ADDRESS_PER_DAY + 1:
        logger.warning("mail bound reached", extra={"event": "mail-bound"})
    return count <= settings.MAIL_PER_ADDRESS_PER_DAY


def send_templated_email(*, template, context, to, attachments=(), unverified=False):
    """Render `template`_subject.txt, .txt and .html, then queue them after commit.

    The HTML part is optional: a missing .html template sends text only.
    With `unverified`, `to` are addresses typed into a public form: those that
    have had their share of mails today are left out. Return whether the mail
    was queued for anyone.
    """
    if unverified:
        to = [address for address in to if address_allowance_take(address)]
    if not to:
        return False
    subject = " ".join(_render_plain(f"{template}_subject.txt", context).split())
    text = _render_plain(f"{template}.txt", context)
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = ""
    email_queue(subject=subject, to=to, text=text, html=html, attachments=attachments)
    return True


def email_queue(*, subject, to, text, html="", attachments=()):
    """Queue one rendered mail: in the caller's transaction with the database
    backend, after its commit with the immediate one."""
    kwargs = {
        "subject": subject,
        "to": list(to),
        "text": text,
        "html": html,
        "attachments": [list(item) for item in attachments],
    }
    enqueue_with_transaction(deliver_email, **kwargs)
    return True


def enqueue_with_transaction(task, **kwargs):
    """Queue `task` so that it runs if and only if the caller's transaction commits."""
    if isinstance(task.get_backend(), DatabaseBackend):
        # In the caller's transaction: queued exactly when its change is committed.
        task.enqueue(**kwargs)
    else:
        # The immediate backend (tests) runs it at once: not before the commit.
        transaction.on_commit(lambda: task.enqueue(**kwargs))
