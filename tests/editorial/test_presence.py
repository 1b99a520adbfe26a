"""While someone has an item open, others see "being edited by": a hint, not a lock."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session as StoredSession
from django.test import Client
from django.utils import timezone

from content.editorial.models import EditingPresence
from tests.editorial.conftest import change_url, form_values
from tests.factories import make_asset, make_session

pytestmark = pytest.mark.django_db

HINT = "Being edited by Sam Jones right now"


def editing_url(item):
    return change_url(item).replace("/change/", "/editing/")


def test_others_see_who_has_the_form_open_and_the_hint_goes_when_they_leave(staff):
    asset = make_asset()
    sam, kim = staff("sam", "Sam", "Jones"), staff("kim", "Kim", "Lee")
    assert HINT not in sam.get(change_url(asset)).text
    assert HINT in kim.get(change_url(asset)).text
    # Sam's own page names Kim, not Sam.
    assert sam.post(editing_url(asset)).json() == {"others": ["Kim Lee"]}
    assert kim.post(editing_url(asset)).json() == {"others": ["Sam Jones"]}

    assert sam.post(editing_url(asset), {"leaving": "1"}).json() == {"others": []}
    assert kim.post(editing_url(asset)).json() == {"others": []}
    assert HINT not in kim.get(change_url(asset)).text


def test_a_form_not_heard_from_for_a_while_counts_as_closed(staff):
    asset = make_asset()
    sam, kim = staff("sam", "Sam", "Jones"), staff("kim")
    sam.get(change_url(asset))
    EditingPresence.objects.update(seen=timezone.now() - timedelta(minutes=5))
    assert HINT not in kim.get(change_url(asset)).text


def test_saving_ends_the_hint_and_the_hint_locks_nothing(staff):
    asset = make_asset()
    sam, kim = staff("sam", "Sam", "Jones"), staff("kim")
    sam.get(change_url(asset))
    page = kim.get(change_url(asset))
    assert HINT in page.text
    data = form_values(page) | {"summary": ["Kim saves while Sam looks"]}
    assert kim.post(change_url(asset), data).status_code == 302
    asset.refresh_from_db()
    assert asset.summary == "Kim saves while Sam looks"
    assert sam.post(editing_url(asset)).json() == {"others": []}


def test_the_heartbeat_is_for_staff_who_may_see_the_item_and_only_by_post(staff, django_user_model):
    session = make_session()
    sam = staff("sam")
    assert sam.get(editing_url(session)).status_code == 405
    handler = django_user_model.objects.create_user("handler", password="x", is_staff=True)
    handler.groups.add(Group.objects.get(name="Enquiry handlers"))
    client = Client()
    client.force_login(handler)
    assert client.post(editing_url(session)).status_code == 404
    assert Client().post(editing_url(session)).status_code == 302  # to sign in
    assert not EditingPresence.objects.exists()


def test_the_heartbeat_keeps_the_form_noted_but_not_the_session_alive(staff, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    asset = make_asset()
    sam = staff("sam")
    sam.get(change_url(asset))
    key = sam.session.session_key
    soon = timezone.now() + timedelta(seconds=30)
    StoredSession.objects.filter(pk=key).update(expire_date=soon)
    beat = sam.post(editing_url(asset), headers={"X-Editing-Heartbeat": "1"})
    assert beat.status_code == 200
    assert StoredSession.objects.get(pk=key).expire_date == soon
    assert EditingPresence.objects.get().seen > timezone.now() - timedelta(seconds=5)
