import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with no rate-limit or lockout counts from another."""
    cache.clear()
