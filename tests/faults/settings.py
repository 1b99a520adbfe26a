"""The hub under a fault test: the test settings, with the page cache as in production
(on whenever REDIS_URL is set), since the page cache is what a fault in Redis hits first."""

from hub.env import env_bool
from hub.test_settings import *  # noqa: F403

PAGE_CACHE = env_bool("PAGE_CACHE", bool(REDIS_URL))  # noqa: F405
