import pytest


@pytest.fixture
def page_cache(settings):
    """Turn the shared page cache on (the cache itself starts empty in every test)."""
    settings.PAGE_CACHE = True
