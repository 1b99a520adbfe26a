import pytest
from django.contrib.auth.models import Group
from django.test import Client


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
    """A client logged in as a member of the "Content editors" group."""
    return client_in_group("Content editors")
