"""Single sign-on against a real OpenID Connect provider started on this machine
(django-oauth-toolkit, tests/accounts/oidc_provider), not a mock."""

import os
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.test import Client

from content.accounts.models import EmailDomain, Organisation
from tests.servers import gunicorn, python

pytestmark = pytest.mark.django_db
CALLBACK = "http://testserver/account/sso/oidc/acme/login/callback/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """Start the provider under gunicorn; yield its base URL."""
    directory = tmp_path_factory.mktemp("oidc")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (directory / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    environment = {
        **{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "tests.accounts.oidc_provider.settings",
        "OIDC_PROVIDER_DIRECTORY": str(directory),
    }
    python(environment, "-m", "django", "migrate", "--no-input")
    python(
        environment,
        "-m",
        "tests.accounts.oidc_provider.prepare",
        *("lin", "lin@acme.example", "idp-password", "hub-client", "hub-secret", CALLBACK),
        *("mallory", "ceo@vendor.example", "idp-password", "hub-client-2", "s", CALLBACK),
        *("eve", "eve@elsewhere.example", "idp-password", "hub-client-3", "s", CALLBACK),
    )
    with gunicorn(
        environment,
        directory / "provider.log",
        workers=1,
        app="tests.accounts.oidc_provider.wsgi",
        ready="/o/.well-known/openid-configuration",
    ) as base:
        yield base


@pytest.fixture
def sso(provider, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "acme",
                    "name": "Acme",
                    "client_id": "hub-client",
                    "secret": "hub-secret",
                    "settings": {"server_url": provider + "/o", "domains": ["acme.example"]},
                }
            ],
        }
    }
    settings.ACCOUNTS_SSO = [{"id": "acme", "name": "Acme"}]
    return provider


def sign_in_through_provider(hub, provider, username):
    """Go the whole way: hub → provider's sign-in → back to the hub's callback."""
    start = hub.post("/account/sso/oidc/acme/login/")
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(provider + "/o/authorize/")
    browser = requests.Session()
    to_login = browser.get(authorize, allow_redirects=False)
    assert to_login.status_code == 302 and "/login/" in to_login.headers["Location"]
    next_url = urlsplit(to_login.headers["Location"]).query.split("next=")[1]
    signed_in = browser.post(
        provider + "/login/",
        data={
            "username": username,
            "password": "idp-password",
            "next": requests.utils.unquote(next_url),
        },
        allow_redirects=False,
    )
    back = browser.get(provider + signed_in.headers["Location"], allow_redirects=False)
    callback = back.headers["Location"]
    assert callback.startswith(CALLBACK), callback
    parts = urlsplit(callback)
    return hub.get(f"{parts.path}?{parts.query}")


def test_the_sign_in_page_offers_the_organisations_sign_on(sso, client):
    page = client.get("/account/sign-in/").text
    assert "Sign in with Acme" in page
    assert 'action="/account/sso/oidc/acme/login/"' in page


def test_a_person_signs_in_through_their_organisations_provider(sso):
    organisation = Organisation.objects.create(name="Acme", tier="customer")
    EmailDomain.objects.create(organisation=organisation, domain="acme.example")
    hub = Client()
    done = sign_in_through_provider(hub, sso, "lin")
    assert done.status_code == 302 and done["Location"] == "/account/"
    page = hub.get("/account/")
    assert "Signed in as lin@acme.example" in page.text
    user = get_user_model().objects.get(email="lin@acme.example")
    assert list(user.organisations.all()) == [organisation]
    assert not user.has_usable_password()
    # A second sign-in reaches the same account.
    again = Client()
    sign_in_through_provider(again, sso, "lin")
    assert get_user_model().objects.filter(email="lin@acme.example").count() == 1


def test_a_provider_cannot_vouch_for_an_address_outside_its_domains(sso):
    hub = Client()
    refused = sign_in_through_provider(hub, sso, "eve")
    assert refused.status_code == 403
    assert "outside the domains" in refused.text
    assert hub.get("/account/").status_code == 302
    assert not get_user_model().objects.filter(email="eve@elsewhere.example").exists()


def test_a_provider_never_signs_in_a_staff_account(sso, settings):
    staff = get_user_model().objects.create_user("ceo", "ceo@vendor.example", is_staff=True)
    app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
    app["settings"]["domains"].append("vendor.example")  # even one trusted for the domain
    hub = Client()
    refused = sign_in_through_provider(hub, sso, "mallory")
    assert refused.status_code == 403
    assert "Staff sign in at the hub's administration" in refused.text
    assert hub.get("/account/").status_code == 302
    assert not staff.socialaccount_set.exists()
