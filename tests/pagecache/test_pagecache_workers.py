"""The workers share the page cache (on disk without Redis, or in Redis), so an
edit made through any process shows on the next request to every worker, even
to one whose copy of the page and of the generation is in its own memory."""

import urllib.request

import pytest

from tests.servers import RedisServer, gunicorn, hub_environment, live_database, manage

pytestmark = pytest.mark.concurrency

CREATE = """
from tests.factories import make_question
print(make_question(title="Alpha answer", slug="ports").get_absolute_url())
"""
# An update() sends no signal: pages that show the old title stay cached.
SILENT_EDIT = """
from content.faq.models import Question
Question.objects.filter(slug="ports").update(title="Silent answer")
"""
EDIT = """
from content.faq.models import Question
question = Question.objects.get(slug="ports")
question.title = "Beta answer"
question.save()
"""


def titles(base, path, requests=12):
    """GET `path` `requests` times over fresh connections (any worker); return the titles seen."""
    seen = set()
    for _ in range(requests):
        with urllib.request.urlopen(base + path, timeout=10) as response:
            page = response.read().decode()
        seen.update(title for title in ("Alpha", "Silent", "Beta") if f"{title} answer" in page)
    return seen


@pytest.fixture(params=["disk", "redis"])
def shared_cache(request, tmp_path):
    """The settings of the cache every process shares: the embedded default's
    on disk, or a Redis of the test's own."""
    if request.param == "disk":
        yield {"CACHE_DIR": str(tmp_path / "cache")}
        return
    redis = RedisServer(tmp_path).start()
    yield {"REDIS_URL": redis.url}
    redis.stop()


def test_an_edit_through_any_process_shows_on_every_worker(tmp_path, shared_cache):
    with live_database(tmp_path) as url:
        environment = hub_environment(url, PAGE_CACHE="1", **shared_cache)
        manage(environment, "migrate", "--no-input", "-v0")
        path = manage(environment, "shell", "--no-imports", "-c", CREATE).strip()
        with gunicorn(environment, tmp_path / "gunicorn.log", workers=2, threads=1) as base:
            assert titles(base, path) == {"Alpha"}
            manage(environment, "shell", "--no-imports", "-c", SILENT_EDIT)
            # Cached once, served to every worker: the silent edit is not seen.
            assert titles(base, path) == {"Alpha"}
            manage(environment, "shell", "--no-imports", "-c", EDIT)
            assert titles(base, path) == {"Beta"}
