"""A member who signs in the usual way gets the pages stored for their audience.

The teaser's "Sign in to read" link carries `next`, and allauth sends the
visitor back there, not to their account page: the "Successfully signed in"
message must not be left in a cookie that no public page shows, or every page
after it is rendered afresh for them (PublicPageCacheMiddleware.is_audience_page).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from content.accounts.models import EmailDomain, Membership, Organisation
from content.core.models import Audience
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(page_cache):
    """Pages come from the page cache, as in production."""


def hidden_next(page):
    return re.search(r'name="next" value="([^"]*)"', page.text).group(1)


def sign_in_from_the_teaser(client, teaser_url, email):
    """Follow the teaser's link and type the address and the emailed code, as a person does."""
    teaser = client.get(teaser_url)
    sign_in_url = re.search(r'href="(/account/sign-in/\?next=[^"]+)"', teaser.text).group(1)
    form = client.get(sign_in_url)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        asked = client.post("/account/sign-in/", {"email": email, "next": hidden_next(form)})
    confirm = client.get(asked["Location"])
    code = re.search(r"^([A-Z0-9]{6})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    return client.post(asked["Location"], {"code": code, "next": hidden_next(confirm)})


def test_a_member_signed_in_from_a_teaser_gets_the_pages_stored_for_their_audience():
    acme = Organisation.objects.create(name="Acme", tier=Organisation.Tier.PARTNER)
    EmailDomain.objects.create(organisation=acme, domain="acme.example")
    guide = make_asset(title="Partner playbook", audience=Audience.PARTNERS, audience_teaser=True)
    colleague = get_user_model().objects.create_user("bob", "bob@acme.example")
    Membership.objects.create(organisation=acme, user=colleague)
    bob = Client()
    bob.force_login(colleague)
    assert "<h1>Partner playbook</h1>" in bob.get(guide.get_absolute_url()).text  # stored

    ann = Client()
    landed = sign_in_from_the_teaser(ann, guide.get_absolute_url(), "ann@acme.example")
    assert landed["Location"] == guide.get_absolute_url()
    assert "Partner playbook" in ann.get(guide.get_absolute_url()).text  # her audience is kept
    with CaptureQueriesContext(connection) as bobs:
        bob.get(guide.get_absolute_url())
    with CaptureQueriesContext(connection) as anns:
        page = ann.get(guide.get_absolute_url())
    assert "Partner playbook" in page.text
    # Bob's page comes from the store, found by his kept audience: no query.
    # Ann's must cost no more.
    assert len(anns) <= len(bobs), (
        f"Ann's page was rendered afresh ({len(anns)} queries against {len(bobs)}); "
        f"her cookies: {sorted(ann.cookies)}"
    )
