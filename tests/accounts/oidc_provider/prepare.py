"""Make a person at the provider and a client for the hub.

python -m tests.accounts.oidc_provider.prepare USER EMAIL PASSWORD CLIENT_ID SECRET REDIRECT_URI
"""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.accounts.oidc_provider.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

username, email, password, client_id, secret, redirect_uri = sys.argv[1:7]
get_user_model().objects.create_user(username, email, password)
Application.objects.create(
    name="Technical Hub",
    client_id=client_id,
    client_secret=secret,
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=redirect_uri,
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
