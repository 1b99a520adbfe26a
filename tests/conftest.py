import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache


@pytest.fixture
def staff_client(client, db):
    """A client logged in as a superuser."""
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pass")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache.

    With REDIS_URL set the cache outlives the test run, so rate-limit counts
    and cached pages from an earlier run would otherwise leak into this one.
    """
    cache.clear()
