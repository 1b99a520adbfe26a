import pytest
from django.core import mail


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the code under `with sent():` and deliver its emails as on commit."""

    def capture():
        mail.outbox.clear()
        return django_capture_on_commit_callbacks(execute=True)

    return capture
