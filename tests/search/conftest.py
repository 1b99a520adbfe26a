import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client


@pytest.fixture
def editor_client(db):
    """A client of its own, signed in as a member of the "Content editors" group."""
    editor = get_user_model().objects.create_user("editor", password="pass", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    client = Client()
    client.force_login(editor)
    return client
