"""Review of the audience page cache: what a stored audience page must not outlive,
and what it must not take from anonymous visitors."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from content.accounts.models import Membership, Organisation
from content.core.models import Audience
from content.pagecache.middleware import PublicPageCacheMiddleware
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(page_cache):
    """Pages come from the page cache, as in production."""


def member_of(organisation, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.com")
    Membership.objects.create(organisation=organisation, user=user)
    client = Client()
    client.force_login(user)
    return client


def test_an_organisation_taken_off_an_items_audience_stops_reading_it_at_once():
    """audience_organisations is a many-to-many: changing it saves no shown row,
    so the generation stays, and the page stored for the organisation stays too.
    Before audience pages, the view ran for every signed-in visitor and answered 404."""
    acme = Organisation.objects.create(name="Acme", tier=Organisation.Tier.PARTNER)
    runbook = make_asset(title="Acme runbook", audience=Audience.ORGANISATIONS)
    runbook.audience_organisations.set([acme])
    ann = member_of(acme, "ann")
    assert "Acme runbook" in ann.get(runbook.get_absolute_url()).text
    runbook.audience_organisations.remove(acme)
    page = ann.get(runbook.get_absolute_url())
    assert page.status_code == 404 and "Acme runbook" not in page.text


def test_signed_in_visitors_of_many_organisations_leave_room_for_anonymous_pages(settings):
    """Each organisation is an audience of its own, and every page stored for
    one counts towards PAGE_CACHE_MAX_PAGES, which anonymous pages share: a few
    organisations' members opening the same page use up the room."""
    settings.PAGE_CACHE_MAX_PAGES = 3
    make_asset(title="Routing guide")
    for number in range(3):
        organisation = Organisation.objects.create(
            name=f"Org {number}", tier=Organisation.Tier.CUSTOMER
        )
        member_of(organisation, f"member{number}").get("/library/")
    page = Client().get("/library/")
    assert "Routing guide" in page.text
    # Rendered pages of the library reuse kept parts, so only the store tells.
    key = PublicPageCacheMiddleware.page_key(RequestFactory().get("/library/"))
    assert cache.get(key) is not None, "the anonymous library page was not stored"


def test_the_page_stored_for_an_audience_is_served_without_rendering_it_again():
    """What test_audience_pages' first test means to show: its heading check
    passes even when the second visitor's page is rendered afresh, since the
    heading is in a {% remember %} part. Here, the second visitor's page costs
    their session, account and memberships only, and no query of the content."""
    acme = Organisation.objects.create(name="Acme", tier=Organisation.Tier.PARTNER)
    guide = make_asset(title="Partner playbook", audience=Audience.PARTNERS)
    ann, bob = member_of(acme, "ann"), member_of(acme, "bob")
    ann.get(guide.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        page = bob.get(guide.get_absolute_url())
    assert "<h1>Partner playbook</h1>" in page.text
    assert not [query for query in queries if "core_content" in query["sql"]]
