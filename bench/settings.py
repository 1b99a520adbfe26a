"""Settings for `make bench`: the hub's production settings, plus the in-stack view.

The in-stack view (/bench/ceiling/) exists only here: a minimal Django view
behind the hub's middleware. The stack's real ceiling, without the hub's
middleware and apps, is bench/ceiling.py.
"""

import os

from hub.settings import *  # noqa: F403
from hub.settings import BASE_DIR, DATABASES, PAGE_CACHE_EXCLUDE

ROOT_URLCONF = "bench.urls"

DATA_DIR = BASE_DIR / "bench" / "data"
if "DATABASE_URL" not in os.environ:
    DATABASES["default"]["NAME"] = DATA_DIR / "bench.sqlite3"

# The in-stack view measures the stack, so the page cache stays out of it.
PAGE_CACHE_EXCLUDE = [*PAGE_CACHE_EXCLUDE, "/bench/"]
