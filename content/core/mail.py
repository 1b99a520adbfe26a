"""Email through Django's Tasks framework, sent once the transaction commits.

Callers render the message first; the task only carries plain text, HTML and
attachments, so any task backend (immediate in development and tests, a
database worker in production) can store and deliver it.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


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


def send_templated_email(*, template, context, to, attachments=()):
    """Render `template`_subject.txt, .txt and .html, then queue them after commit.

    The HTML part is optional: a missing .html template sends text only.
    """
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
