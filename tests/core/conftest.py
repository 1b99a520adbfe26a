import pytest


@pytest.fixture
def editor_client(client_in_group):
    """A client logged in as a member of the "Content editors" group."""
    return client_in_group("Content editors")
