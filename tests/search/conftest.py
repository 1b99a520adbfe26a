import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Synonyms are cached; each test starts without what the previous one left."""
    cache.clear()
    yield
    cache.clear()
