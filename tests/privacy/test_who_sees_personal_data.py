"""Each staff group sees the personal data its work needs, on every admin page and no more.

The walk starts as a superuser, who reaches everything: every page linked from
the admin, every action offered on a list and every autocomplete endpoint.
Then each group's member tries the very same addresses, searches and actions,
and the test notes where an attendee's or an enquirer's email or name shows.
"""

import re
from html import unescape

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.enquiries.factories import make_enquiry
from tests.factories import make_asset, make_question, make_registration, make_session

pytestmark = pytest.mark.django_db

ATTENDEE = {"name": "Adaline Quorrel", "email": "adaline.quorrel@attendee.example"}
ENQUIRER = {"name": "Bartholomew Voss", "email": "b.voss@enquirer.example"}
PEOPLE = {"attendee": ATTENDEE, "enquirer": ENQUIRER}
EXPECTED = {
    "attendee": {"superuser", "event manager"},
    "enquirer": {"superuser", "enquiry handler"},
}
GROUPS = {
    "content editor": "Content editors",
    "event manager": "Event managers",
    "enquiry handler": "Enquiry handlers",
}
LINK = re.compile(r'href="(/admin/[^"#?]*)')
ACTION = re.compile(r'<option value="(\w+)"')
# Signing out would end the walk; "view on site" leaves the admin.
SKIPPED = re.compile(r"^/admin/(logout/|r/)")
# One row's pages (change, delete, history) stand for every row of its model:
# the same view and template, other values. Each person's data has a row of its
# own (the registration, the enquiry), the only one of its model here.
ROW_PAGE = re.compile(r"^(/admin/\w+/\w+/)(\d+)/")


def _client(username, group=None):
    User = get_user_model()
    if group is None:
        user = User.objects.create_superuser(username, f"{username}@staff.example", "pass")
    else:
        user = User.objects.create_user(username, f"{username}@staff.example", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def _pages(client):
    """Return {path: response} for every admin page reachable by following
    links from the index (one row's pages for each model)."""
    seen, queue, rows = {}, ["/admin/"], {}
    while queue:
        path = queue.pop()
        if path in seen or SKIPPED.match(path):
            continue
        row = ROW_PAGE.match(path)
        if row and rows.setdefault(row[1], row[2]) != row[2]:
            continue
        seen[path] = response = client.get(path)
        if response.status_code == 200 and "html" in response["Content-Type"]:
            queue += [unescape(link) for link in LINK.findall(response.text)]
    return dict(sorted(seen.items()))


def _admin_models():
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def _changelists():
    return [
        (model, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        for model in _admin_models()
    ]


def _actions(client):
    """Return (model, changelist, action name) for every action the client is offered."""
    found = []
    for model, changelist in _changelists():
        response = client.get(changelist)
        if response.status_code == 200:
            select = response.text.partition('name="action"')[2].partition("</select>")[0]
            found += [(model, changelist, name) for name in ACTION.findall(select)]
    return found


def _autocompletes():
    """Return the query of every autocomplete endpoint: one per relation field of an admin model."""
    return [
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field.name,
        }
        for model in _admin_models()
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.is_relation
    ]


def _shown(text, person, searched=None):
    """Return whether the name or email of `person` shows in `text`, other than `searched`."""
    return any(value in text for value in person.values() if value != searched)


def _noter(found):
    """Return a function noting in `found` ({person: [where]}) whose personal
    data a response shows, other than what was `searched`."""

    def note(where, response, searched=None):
        assert response.status_code < 500, where
        text = response.content.decode()
        for person, details in PEOPLE.items():
            if _shown(text, details, searched):
                found[person].append(where)

    return note


def _sightings(client, pages, actions):
    """Return {person: [where their personal data showed to `client`]}."""
    found = {person: [] for person in PEOPLE}
    note = _noter(found)
    for path in pages:
        note(path, client.get(path))
    for model, changelist in _changelists():
        # A list without search fields ignores `q`: it is the page noted above.
        request = RequestFactory().get(changelist)
        if not admin.site.get_model_admin(model).get_search_fields(request):
            continue
        for details in PEOPLE.values():
            for searched in details.values():
                response = client.get(changelist, {"q": searched})
                note(f"{changelist}?q={searched}", response, searched)
    for query in _autocompletes():
        # No term: the first page of every choice, whoever it names.
        note(f"autocomplete {query}", client.get("/admin/autocomplete/", query))
    for model, changelist, name in actions:
        # Each action runs on every row, then is undone, so the next one sees the same data.
        with transaction.atomic():
            selected = list(model._default_manager.values_list("pk", flat=True))
            response = client.post(changelist, {"action": name, "_selected_action": selected})
            note(f"action {name} on {changelist}", response)
            transaction.set_rollback(True)
    return found


# The assets' admin counts feedback with a GROUP BY, which drops the default
# ordering; its autocomplete then warns. Nothing personal is involved.
@pytest.mark.filterwarnings("ignore::django.core.paginator.UnorderedObjectListWarning")
def test_each_group_sees_attendees_and_enquirers_only_where_its_work_needs_them():
    registration = make_registration(make_session(title="Leeds day"), **ATTENDEE)
    enquiry = make_enquiry(**ENQUIRER)
    make_question()
    make_asset()
    superuser = _client("root")
    pages, actions = _pages(superuser), _actions(superuser)
    assert len(pages) > 40, pages
    assert {name for _, _, name in actions} >= {"export_attendees", "export_csv"}
    # The superuser, who may see everything, shows that the walk finds both
    # people: the pages it reached are enough for that.
    sightings = {"superuser": {person: [] for person in PEOPLE}}
    note = _noter(sightings["superuser"])
    for path, response in pages.items():
        note(path, response)
    for who, group in GROUPS.items():
        sightings[who] = _sightings(_client(who.replace(" ", "-"), group), pages, actions)

    leaks = {
        (who, person): where
        for who, found in sightings.items()
        for person, where in found.items()
        if where and who not in EXPECTED[person]
    }
    assert leaks == {}
    sees = {person: {who for who, found in sightings.items() if found[person]} for person in PEOPLE}
    assert sees == EXPECTED
    # Those whose work needs the data reach it where they work: the item, the list, the export.
    assert {
        "/admin/events/registration/",
        f"/admin/events/registration/{registration.pk}/change/",
        f"/admin/events/session/{registration.session.pk}/change/",
        "action export_attendees on /admin/events/session/",
        "action export_csv on /admin/events/registration/",
    } <= set(sightings["event manager"]["attendee"])
    assert {
        "/admin/enquiries/enquiry/",
        f"/admin/enquiries/enquiry/{enquiry.pk}/change/",
        "action export_csv on /admin/enquiries/enquiry/",
    } <= set(sightings["enquiry handler"]["enquirer"])
