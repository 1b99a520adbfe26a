"""Make people at the provider, each with a client for the hub.

python -m tests.accounts.oidc_provider.prepare USER EMAIL PASSWORD CLIENT_ID SECRET REDIRECT_URI ...
(six arguments a person; one run for all of them starts Django once)
"""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.accounts.oidc_provider.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

arguments = sys.argv[1:]
for start in range(0, len(arguments), 6):
    username, email, password, client_id, secret, redirect_uri = arguments[start : start + 6]
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
