"""Email through Django's Tasks framework, sent once the transaction commits.

Callers render the message first; the task only carries plain text, HTML and
attachments, so any task backend (immediate in development and tests, a
database worker in production) can store and deliver it.

Mail to an address nobody has verified (a visitor's, typed into a form) is
bounded: each address gets at most MAIL_PER_ADDRESS_PER_DAY such mails a day,
so that the hub cannot be used to flood someone's inbox.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from content.core.models import Counter

logger = logging.getLogger("hub.security")
DAY = 24 * 60 * 60


@task
def deliver_email(*, subject, to, text, html="", attachments=()):
    """Send one email. `attachments` holds [filename, content, mimetype] lists."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


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
    kwargs = {
        "subject": subject,
        "to": list(to),
        "text": text,
        "html": html,
        "attachments": [list(item) for item in attachments],
    }
    transaction.on_commit(lambda: deliver_email.enqueue(**kwargs))
    return True
