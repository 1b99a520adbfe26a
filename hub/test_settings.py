"""Settings for the test run: the real settings, with only what makes tests fast swapped."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-checks")
os.environ.setdefault("SECURE_HTTPS", "0")

from hub.env import env_bool
from hub.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Hashing static names needs collectstatic first; tests serve source files.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["private"] = {
    **STORAGES["private"],
    "OPTIONS": {"location": BASE_DIR / ".test-private-media"},  # noqa: F405
}
# The page cache would answer most requests without reaching the view, which
# hides what a test checks (query counts, logs, rate limits); the page cache's
# own tests switch it on, and servers started by tests may, through PAGE_CACHE.
PAGE_CACHE = env_bool("PAGE_CACHE", False)
# Without Redis, each test run keeps its cache in memory, unless a test's
# servers share one on disk (CACHE_DIR).
if not REDIS_URL and not CACHE_DIR:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests read mails from django.core.mail.outbox as soon as the transaction
# commits; the worker's own tests switch to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Staff reach the admin in many tests with force_login; the second factor's
# own tests (tests/accounts/test_second_factor.py) switch it on.
ADMIN_SECOND_FACTOR = env_bool("ADMIN_SECOND_FACTOR", False)
# Counted views are written only when a test asks (recording.flush()): a batch
# written by a live server's thread at a moment of its own would meet the
# test's own writes and its database flush on SQLite's one writer.
INSIGHTS_FLUSH_EVENTS = 10**9
INSIGHTS_FLUSH_SECONDS = 10**9
