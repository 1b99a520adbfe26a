"""Helpers several test modules share."""

from contextlib import contextmanager
from html.parser import HTMLParser

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

# A contact form as a person fills it in.
CONTACT_FORM = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "company": "Analytical Engines Ltd",
    "topic": "support",
    "message": "Our LDAP sync stopped at 02:00.",
    "consent": "on",
}


def get_counting_queries(client, path, data=None, **headers):
    """GET `path`; return the response and how many database queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data, headers=headers)
    return response, len(queries)


def page_query_count(client, path):
    """Return how many queries the page at `path` runs; it must answer 200."""
    response, count = get_counting_queries(client, path)
    assert response.status_code == 200, path
    return count


class FormParser(HTMLParser):
    """Collect each form's action and the fields a browser would send."""

    skipped_inputs = {"submit", "button", "image", "reset", "file"}

    def __init__(self):
        super().__init__()
        self.forms = []
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": []})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in self.skipped_inputs:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                fields.append((name, attrs.get("value", "on" if "checked" in attrs else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {
                "name": name,
                "first": None,
                "chosen": [],
                "multiple": "multiple" in attrs,
            }
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # Browsers drop the newline that follows <textarea>.
            self.forms[-1]["fields"].append((name, text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            # A single select sends its first option when none is chosen;
            # a multiple one sends nothing.
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"]:
                chosen = [self.select["first"] or ""]
            self.forms[-1]["fields"].extend((self.select["name"], value) for value in chosen)
            self.select = None


def submit_form(client, url, *, form_with, changes, **options):
    """Open `url`, fill in the form that has a field `form_with` as a person
    would (every field keeps what the page gave it unless `changes` says
    otherwise) and send it with the test client's `options` (follow=True).
    Return the response to the POST."""
    page = client.get(url)
    assert page.status_code == 200, url
    parser = FormParser()
    parser.feed(page.text)
    form = next(form for form in parser.forms if form_with in dict(form["fields"]))
    data = {}
    for name, value in form["fields"]:
        if name not in changes:
            data.setdefault(name, []).append(value)
    return client.post(form["action"] or url, data | changes, **options)


def registration_form(**fields):
    """Return what a visitor posts to register for a session."""
    values = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "company": "Analytical Engines",
        "job_title": "Engineer",
        "consent": "on",
    }
    return values | fields


def feedback_shown(html):
    """Return the answer and comment the page's "Was this helpful?" form holds."""
    parser = FormParser()
    parser.feed(html)
    fields = dict(
        next(form for form in parser.forms if "comment" in dict(form["fields"]))["fields"]
    )
    return fields.get("helpful"), fields["comment"]


@contextmanager
def kept_for_the_module(django_db_blocker):
    """Keep what is written inside for a module's tests, then roll it back.

    It stays in a transaction around them (each test runs in a savepoint of it,
    as pytest-django's non-transactional tests do) and is rolled back after the
    module's last test, so the rest of the suite never sees it. Not for
    transactional tests, which would empty the database under it.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
