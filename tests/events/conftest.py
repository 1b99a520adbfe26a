import pytest
from django.core import mail

from content.events.models import Registration


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the code under `with sent():` and deliver its emails as on commit."""

    def capture():
        mail.outbox.clear()
        return django_capture_on_commit_callbacks(execute=True)

    return capture


def new_registration(session, number=0, **fields):
    """Return an unsaved registration, as the form builds it."""
    values = {
        "name": f"Person {number}",
        "email": f"person{number}@example.com",
        "company": "Example Ltd",
        "job_title": "Engineer",
        "consent": True,
    }
    return Registration(session=session, **(values | fields))
