"""Settings for the test run: the real settings, with only what makes tests fast swapped."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-checks")
os.environ.setdefault("SECURE_HTTPS", "0")

from hub.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Hashing static names needs collectstatic first; tests serve source files.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# The tests about the page cache turn it on themselves (tests/hub/test_pagecache.py).
# Every other test sees rendered pages, with REDIS_URL set (CI's Redis run) as
# without, so that query counts, rate limits and log lines do not depend on it.
PAGE_CACHE = False
