"""Organisations in the admin: domains, members and what members registered for."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from content.accounts.models import EmailDomain, Membership, Organisation, memberships_sync
from content.privacy.models import AccessRecord
from tests.factories import make_registration, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme():
    organisation = Organisation.objects.create(name="Acme", tier=Organisation.Tier.PARTNER)
    EmailDomain.objects.create(organisation=organisation, domain="acme.example")
    return organisation


def member(organisation, email):
    user = get_user_model().objects.create_user(email.split("@")[0], email)
    Membership.objects.create(organisation=organisation, user=user)
    return user


def test_a_public_mail_domain_cannot_be_claimed(acme):
    domain = EmailDomain(organisation=acme, domain="gmail.com")
    with pytest.raises(ValidationError, match="public mail service"):
        domain.full_clean()


def test_a_domain_is_a_plain_host_name(acme):
    with pytest.raises(ValidationError, match=r"such as example\.com"):
        EmailDomain(organisation=acme, domain="@acme.example").full_clean()
    domain = EmailDomain(organisation=acme, domain="Partner.Example")
    domain.full_clean()
    assert domain.domain == "partner.example"


def test_a_member_staff_removed_does_not_join_again_by_domain(acme):
    user = member(acme, "gone@acme.example")
    Membership.objects.filter(user=user).update(active=False)
    memberships_sync(user=user, verified_emails=["gone@acme.example"])
    assert not Membership.objects.get(user=user).active


def test_an_address_at_another_domain_joins_nothing(acme):
    user = get_user_model().objects.create_user("x", "x@acme.example.evil")
    memberships_sync(user=user, verified_emails=["x@acme.example.evil"])
    assert not Membership.objects.filter(user=user).exists()


def test_event_managers_see_members_and_their_registrations_and_it_is_recorded(
    acme, client_in_group
):
    person = member(acme, "lin@acme.example")
    make_registration(make_session(title="Phishing lab day"), email="Lin@acme.example")
    client = client_in_group("Event managers")
    page = client.get(f"/admin/accounts/organisation/{acme.pk}/change/")
    assert page.status_code == 200
    assert person.email in page.text
    assert "Phishing lab day (Confirmed)" in page.text
    record = AccessRecord.objects.get()
    assert (record.action, record.rows, record.object_id) == ("opened", 1, str(acme.pk))
    assert "lin@acme" not in record.what


def test_content_editors_see_no_organisations_members(acme, client_in_group):
    member(acme, "lin@acme.example")
    client = client_in_group("Content editors")
    page = client.get(f"/admin/accounts/organisation/{acme.pk}/change/")
    assert page.status_code in (302, 403)
    assert not AccessRecord.objects.exists()


def test_staff_add_and_remove_members(acme, staff_client):
    person = get_user_model().objects.create_user("sam", "sam@elsewhere.example")
    url = f"/admin/accounts/organisation/{acme.pk}/change/"
    form = {
        "name": "Acme",
        "tier": "partner",
        "domains-TOTAL_FORMS": "1",
        "domains-INITIAL_FORMS": "1",
        "domains-0-id": str(acme.domains.get().pk),
        "domains-0-organisation": str(acme.pk),
        "domains-0-domain": "acme.example",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": str(person.pk),
        "memberships-0-active": "on",
    }
    response = staff_client.post(url, form)
    assert response.status_code == 302, response.text
    assert list(acme.members.all()) == [person]
    membership = Membership.objects.get()
    form |= {
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": str(membership.pk),
        "memberships-0-organisation": str(acme.pk),
        "memberships-0-active": "",
    }
    assert staff_client.post(url, form).status_code == 302
    assert not Membership.objects.get().active
