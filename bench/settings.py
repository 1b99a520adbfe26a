"""Settings for `make bench`: the hub's production settings, plus the ceiling view.

The ceiling (/bench/ceiling/) exists only here: a minimal Django view behind
the same middleware, the fastest answer this stack can give.
"""

import os

from hub.settings import *  # noqa: F403
from hub.settings import BASE_DIR, DATABASES, PAGE_CACHE_EXCLUDE, env_bool

ROOT_URLCONF = "bench.urls"

DATA_DIR = BASE_DIR / "bench" / "data"
if "DATABASE_URL" not in os.environ:
    DATABASES["default"]["NAME"] = DATA_DIR / "bench.sqlite3"

# Production shares Redis between app servers; without REDIS_URL the bench
# workers share a file cache instead, so the page cache stays right.
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
    PAGE_CACHE = env_bool("PAGE_CACHE", True)

# The ceiling measures the bare stack, so the page cache stays out of it.
PAGE_CACHE_EXCLUDE = [*PAGE_CACHE_EXCLUDE, "/bench/"]
