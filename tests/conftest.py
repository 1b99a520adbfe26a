import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client


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


@pytest.fixture
def page_cache(settings):
    """Turn the shared page cache on (the cache itself starts empty in every test)."""
    settings.PAGE_CACHE = True


@pytest.fixture
def client_in_group(django_user_model):
    """Return a function giving a client logged in as a new member of a staff group."""

    def log_in(group):
        user = django_user_model.objects.create_user(
            group.lower().replace(" ", "-"), password="x", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        return client

    return log_in
