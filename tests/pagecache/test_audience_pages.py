"""Signed-in visitors of one audience share stored pages, and nothing of their own.

A page that reads nothing of the visitor but what they may read is stored per
address and audience; a page that reads their account or session (the booking
form filled in with their details, their account page) is never stored.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.accounts.models import Membership, Organisation, Profile
from content.core.models import Audience
from content.pagecache import audiences
from content.pagecache.middleware import PublicPageCacheMiddleware
from tests.factories import make_asset, make_registration, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(page_cache):
    """Pages come from the page cache, as in production."""


def signed_in(username, organisation=None, **profile):
    user = get_user_model().objects.create_user(username, f"{username}@example.com")
    if organisation:
        Membership.objects.create(organisation=organisation, user=user)
    if profile:
        Profile.objects.create(user=user, **profile)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def org_a():
    return Organisation.objects.create(name="Org A", tier=Organisation.Tier.PARTNER)


@pytest.fixture
def org_b():
    return Organisation.objects.create(name="Org B", tier=Organisation.Tier.CUSTOMER)


def test_one_render_serves_everyone_of_the_audience_until_an_edit(org_a, org_b):
    guide = make_asset(title="Partner playbook", audience=Audience.PARTNERS)
    first, second = signed_in("ann", org_a), signed_in("bob", org_a)
    customer = signed_in("cat", org_b)
    url = guide.get_absolute_url()
    assert "<h1>Partner playbook</h1>" in first.get(url).text
    # The second partner's page costs their session, account and memberships
    # only: it comes whole from the store, with no query of the content.
    with CaptureQueriesContext(connection) as queries:
        page = second.get(url)
    assert "<h1>Partner playbook</h1>" in page.text
    assert not [query for query in queries if "core_content" in query["sql"]]
    assert "private" in page["Cache-Control"] and not page.has_header("ETag")
    # A customer's audience differs: their page is rendered for them.
    assert "Partner playbook" not in customer.get(url).text
    # An editor's save ends every audience's stored page at once.
    guide.title = "Edited playbook"
    guide.save()
    assert "<h1>Edited playbook</h1>" in second.get(url).text
    assert "<h1>Edited playbook</h1>" in first.get(url).text


def test_a_booking_form_filled_in_for_one_visitor_reaches_nobody_else(org_a):
    session = make_session(title="Partner lab day")
    ann = signed_in("ann", org_a, name="Ann Aardvark", company="Acme", job_title="Engineer")
    bob = signed_in("bob", org_a, name='Bob "<b>" Badger', company="Bees Ltd", job_title="")
    ann_sees = ('value="Ann Aardvark"', 'value="ann@example.com"', 'value="Acme"')
    bob_sees = ('value="Bob &quot;&lt;b&gt;&quot; Badger"', 'value="bob@example.com"')
    for _ in range(3):
        for client, own, other in [(ann, ann_sees, bob_sees), (bob, bob_sees, ann_sees)]:
            with CaptureQueriesContext(connection) as queries:
                page = client.get(session.get_absolute_url()).text
            assert all(value in page for value in own)
            assert not any(value in page for value in other)
            assert "visitor-detail" not in page
    # The page is stored once for their audience: only their details are read.
    assert len(queries) == 1, [query["sql"] for query in queries]


def test_a_page_with_a_visitors_details_shows_every_change_at_once(org_a):
    """The session's page, stored for the audience with the booking form to be
    filled in for each visitor, ends with a registration or an edit."""
    session = make_session(title="Partner lab day", capacity=5)
    ann = signed_in("ann", org_a, name="Ann Aardvark")
    assert "5 seats left" in ann.get(session.get_absolute_url()).text
    make_registration(session)
    assert "4 seats left" in ann.get(session.get_absolute_url()).text
    session.title = "Partner lab night"
    session.save()
    assert "Partner lab night" in ann.get(session.get_absolute_url()).text


def test_the_account_page_is_each_visitors_own(org_a):
    ann = signed_in("ann", org_a, name="Ann Aardvark")
    bob = signed_in("bob", org_a, name="Bob Badger")
    for _ in range(2):
        assert "Ann Aardvark" in ann.get(reverse("accounts:profile")).text
        page = bob.get(reverse("accounts:profile")).text
        assert "Bob Badger" in page and "Ann Aardvark" not in page


def test_leaving_an_organisation_ends_its_pages_at_once(org_a):
    kept = make_asset(title="Org A runbook", audience=Audience.ORGANISATIONS)
    kept.audience_organisations.set([org_a])
    ann, bob = signed_in("ann", org_a), signed_in("bob", org_a)
    for _ in range(2):  # the second from her kept audience
        assert "Org A runbook" in ann.get(reverse("library:list")).text
    # As staff end it in the admin: the row is saved.
    membership = Membership.objects.get(user=ann.user)
    membership.active = False
    membership.save()
    # Bob, still a member, has the page stored again for org A's audience.
    assert "Org A runbook" in bob.get(reverse("library:list")).text
    assert "Org A runbook" not in ann.get(reverse("library:list")).text
    assert ann.get(kept.get_absolute_url()).status_code in (403, 404)


def test_an_organisation_taken_off_an_items_audience_stops_reading_it_at_once(org_a):
    runbook = make_asset(title="Org A runbook", audience=Audience.ORGANISATIONS)
    runbook.audience_organisations.set([org_a])
    ann = signed_in("ann", org_a)
    assert "Org A runbook" in ann.get(runbook.get_absolute_url()).text
    # A many-to-many change saves no row of the item itself.
    runbook.audience_organisations.remove(org_a)
    page = ann.get(runbook.get_absolute_url())
    assert page.status_code == 404 and "Org A runbook" not in page.text


def test_signed_in_visitors_of_many_organisations_leave_room_for_anonymous_pages(settings):
    settings.PAGE_CACHE_MAX_PAGES = 3
    make_asset(title="Routing guide")
    for number in range(4):
        organisation = Organisation.objects.create(
            name=f"Org {number}", tier=Organisation.Tier.CUSTOMER
        )
        signed_in(f"member{number}", organisation).get("/library/")
    assert "Routing guide" in Client().get("/library/").text
    # Rendered pages of the library reuse kept parts, so only the store tells.
    key = PublicPageCacheMiddleware.page_key(RequestFactory().get("/library/"))
    assert cache.get(key) is not None, "the anonymous library page was not stored"


def test_a_stored_page_with_a_form_gives_each_visitor_a_working_token_of_their_own(org_a):
    guide = make_asset(title="Routing guide")
    tokens = []
    for name in ("ann", "bob"):
        client = signed_in(name, org_a)
        page = client.get(guide.get_absolute_url()).text
        token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', page).group(1)
        tokens.append(token)
        sent = client.post(
            guide.get_absolute_url(), {"helpful": "yes", "csrfmiddlewaretoken": token}
        )
        assert sent.status_code == 302, name
    assert tokens[0] != tokens[1]


def test_a_visitor_with_a_feedback_answer_sees_it_on_the_next_visit(org_a):
    guide = make_asset(title="Routing guide")
    ann, bob = signed_in("ann", org_a), signed_in("bob", org_a)
    bob.get(guide.get_absolute_url())  # stored for partners of org A
    page = ann.get(guide.get_absolute_url()).text
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', page).group(1)
    ann.post(
        guide.get_absolute_url(),
        {"helpful": "no", "comment": "Ann's own words", "csrfmiddlewaretoken": token},
    )
    assert "Ann&#x27;s own words" in ann.get(guide.get_absolute_url()).text
    assert "Ann&#x27;s own words" not in bob.get(guide.get_absolute_url()).text


def test_a_member_whose_audience_is_known_is_answered_from_the_session_alone(org_a):
    guide = make_asset(title="Partner playbook", audience=Audience.PARTNERS)
    ann = signed_in("ann", org_a)
    url = guide.get_absolute_url()
    assert "<h1>Partner playbook</h1>" in ann.get(url).text  # stored, her audience kept
    with CaptureQueriesContext(connection) as queries:
        page = ann.get(url)
    assert "<h1>Partner playbook</h1>" in page.text
    assert len(queries) == 0, [query["sql"] for query in queries]
    assert "private" in page["Cache-Control"] and "Cookie" in page["Vary"]


def test_signing_out_everywhere_ends_the_stored_pages_of_every_other_device(org_a):
    guide = make_asset(title="Partner playbook", audience=Audience.PARTNERS)
    laptop = signed_in("ann", org_a)
    phone = Client()
    phone.force_login(laptop.user)
    url = guide.get_absolute_url()
    for _ in range(2):  # the second from her kept audience
        assert "<h1>Partner playbook</h1>" in phone.get(url).text
    laptop.get(reverse("accounts:profile"))
    token = laptop.cookies["csrftoken"].value
    laptop.post(reverse("accounts:sign-out-everywhere"), {"csrfmiddlewaretoken": token})
    page = phone.get(url)
    assert "<h1>Partner playbook</h1>" not in page.text


def test_an_account_switched_off_stops_reading_at_once(org_a):
    guide = make_asset(title="Partner playbook", audience=Audience.PARTNERS)
    ann = signed_in("ann", org_a)
    url = guide.get_absolute_url()
    for _ in range(2):
        assert "<h1>Partner playbook</h1>" in ann.get(url).text
    ann.user.is_active = False
    ann.user.save()
    assert "<h1>Partner playbook</h1>" not in ann.get(url).text


def test_an_account_switched_off_in_a_transaction_is_forgotten_when_it_commits(org_a):
    """The admin saves an account inside a transaction: a request that read
    the account before it committed keeps the old audience again meanwhile."""
    guide = make_asset(title="Partner playbook", audience=Audience.PARTNERS)
    ann = signed_in("ann", org_a)
    url = guide.get_absolute_url()
    for _ in range(2):  # the second from her kept audience
        assert "<h1>Partner playbook</h1>" in ann.get(url).text
    key = audiences._key(ann.user.pk)
    kept_before = cache.get(key)
    with TestCase.captureOnCommitCallbacks(execute=True):
        ann.user.is_active = False
        ann.user.save()
        # Her request on another device, which found her still active.
        cache.set(key, kept_before)
    assert "<h1>Partner playbook</h1>" not in ann.get(url).text


def test_a_new_secret_key_ends_every_kept_audience(settings, org_a):
    """A new SECRET_KEY ends every session (their hash no longer matches): the
    audiences kept for them end with it."""
    guide = make_asset(title="Partner playbook", audience=Audience.PARTNERS)
    ann = signed_in("ann", org_a)
    url = guide.get_absolute_url()
    for _ in range(2):  # the second from her kept audience
        assert "<h1>Partner playbook</h1>" in ann.get(url).text
    settings.SECRET_KEY = "another secret key, " + "x" * 40
    assert "<h1>Partner playbook</h1>" not in ann.get(url).text


def test_staff_on_public_pages_still_move_their_idle_timeout(org_a):
    guide = make_asset(title="Partner playbook", audience=Audience.PARTNERS)
    url = guide.get_absolute_url()
    staff = signed_in("sam", org_a)
    staff.user.is_staff = True
    staff.user.save()
    staff.force_login(staff.user)
    # A member of the same audience has the page stored.
    assert "<h1>Partner playbook</h1>" in signed_in("ann", org_a).get(url).text
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert "<h1>Partner playbook</h1>" in staff.get(url).text
    # Their session is saved again with a new expiry every time.
    assert any(
        query["sql"].startswith("UPDATE") and "django_session" in query["sql"] for query in queries
    )
