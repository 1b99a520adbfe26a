import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def staff_client(client, db):
    """A client logged in as a superuser."""
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pass")
    client.force_login(user)
    client.user = user
    return client
