import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from content.insights import recording
from tests.helpers import kept_for_the_module


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


@pytest.fixture(autouse=True)
def no_waiting_insights():
    """Start and end every test with no counted event waiting (they are per process,
    and one left at the end would be flushed at exit, after the test database is gone)."""
    recording.discard()
    yield
    recording.discard()


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


@pytest.fixture
def editor_client(client_in_group):
    """A client of its own, logged in as a member of the "Content editors" group."""
    return client_in_group("Content editors")


@pytest.fixture
def manager_client(client_in_group):
    """A client of its own, logged in as a member of the "Event managers" group."""
    return client_in_group("Event managers")


@pytest.fixture
def media_root(settings, tmp_path):
    """Store uploads in a folder of this test's own; return it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """Load the demo content once for a module whose tests only read it
    (kept_for_the_module: rolled back after its last test)."""
    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            call_command("load_demo_content")
        yield
