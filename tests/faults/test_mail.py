"""Mail survives a broken mail server and a worker that dies.

Bookings and enquiries answer at once whatever the mail server does: their
mails wait in the database, and the worker delivers each once the server
takes it again, even when the worker itself was killed in the middle.
"""

import signal
import threading
import time

import pytest

from tests.faults.harness import SESSION_URL, wait_until
from tests.scale.harness import Browser

pytestmark = pytest.mark.faults

PERSON = {"company": "Example Ltd", "consent": "on"}


def timed_post(browser, url, changes):
    """Fill in the form on `url` and send it; return the page and the seconds it took."""
    action, fields = browser.fill_in(url, form_with="email", changes={**PERSON, **changes})
    started = time.monotonic()
    page = browser.post(action, fields)
    return page, time.monotonic() - started


def register(hub, email):
    changes = {"name": email.split("@")[0], "email": email, "job_title": "Engineer"}
    return timed_post(Browser(), hub.url + SESSION_URL, changes)


def contact(hub, email):
    changes = {"name": "Grace", "email": email, "topic": "support", "message": "SSO fails."}
    return timed_post(Browser(), hub.url + "/contact/", changes)


def book_and_ask_while_the_mail_server_is_down(hub):
    """Register ada@ and send the contact form as grace@; both answer within a second."""
    page, seconds = register(hub, "ada@example.com")
    assert page.status == 200
    assert "Thank you for registering. We have emailed you." in page.text
    assert seconds < 1
    page, seconds = contact(hub, "grace@example.com")
    assert page.status == 200
    assert "We have sent a receipt to the address you gave." in page.text
    assert seconds < 1
    assert hub.query("SELECT email, status FROM events_registration") == [
        ("ada@example.com", "confirmed")
    ]
    assert hub.query("SELECT email FROM enquiries_enquiry") == [("grace@example.com",)]


def delivered_once_when_the_server_is_back(hub, smtp):
    smtp.serve()
    wait_until(lambda: hub.mails_waiting() == 0, timeout=15, message=hub.log("worker"))
    # A second delivery would come within a retry delay or two.
    time.sleep(2)
    assert smtp.recipients() == ["ada@example.com", "grace@example.com"]


def test_a_refusing_mail_server_delays_the_mails_and_loses_none(hub, smtp):
    hub.start_server()
    hub.start_worker()

    book_and_ask_while_the_mail_server_is_down(hub)
    wait_until(lambda: hub.attempts_failed() >= 2, timeout=10, message=hub.log("worker"))
    assert smtp.messages == []

    delivered_once_when_the_server_is_back(hub, smtp)


def test_a_hung_mail_server_holds_neither_pages_nor_the_worker(hub, smtp):
    smtp.hang()
    hub.start_server()
    worker = hub.start_worker()

    book_and_ask_while_the_mail_server_is_down(hub)
    # Each attempt gives up after EMAIL_TIMEOUT (1 s) and queues the next.
    wait_until(lambda: hub.attempts_failed() >= 2, timeout=10, message=hub.log("worker"))
    assert worker.poll() is None
    assert smtp.messages == []

    delivered_once_when_the_server_is_back(hub, smtp)


PEOPLE = 12
RUNNING = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"


def test_a_killed_worker_leaves_no_booking_mail_unsent(hub, smtp):
    # The server takes a mail every 0.3 s, so the burst is still being sent
    # when the worker dies.
    smtp.serve(delay=0.3)
    hub.start_server()
    worker = hub.start_worker()
    emails = [f"person{number}@example.com" for number in range(PEOPLE)]
    pages = {}

    def book(email):
        pages[email] = register(hub, email)[0]

    burst = [threading.Thread(target=book, args=(email,)) for email in emails]
    for thread in burst:
        thread.start()
    # Killed while the server holds a mail before saying it took it.
    wait_until(
        lambda: len(smtp.messages) >= 2 and smtp.holding,
        timeout=15,
        message=hub.log("worker"),
    )
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=5)
    for thread in burst:
        thread.join(timeout=30)

    assert all("We have emailed you." in page.text for page in pages.values())
    assert sorted(email for (email,) in hub.query("SELECT email FROM events_registration")) == (
        sorted(emails)
    )
    assert len(smtp.messages) < PEOPLE
    # The mail being sent when the worker died stays claimed by it.
    assert hub.query(RUNNING) == [(1,)]

    hub.start_worker()
    wait_until(lambda: hub.mails_waiting() == 0, timeout=20, message=hub.log("worker"))

    assert set(smtp.recipients()) == set(emails)
    # The mail being sent when the worker died may have reached the server:
    # it is sent again, as nothing can tell.
    assert len(smtp.messages) <= PEOPLE + 1
