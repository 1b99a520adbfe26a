"""Without Redis, the workers of one machine share the page cache on disk, so an
edit made through any process shows on the next request to every worker."""

import urllib.request

import pytest

from tests.servers import gunicorn, hub_environment, live_database, manage

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


def test_an_edit_through_any_process_shows_on_every_worker(tmp_path):
    with live_database(tmp_path) as url:
        # The test settings, with the embedded default's page cache on disk.
        environment = hub_environment(url, PAGE_CACHE="1", CACHE_DIR=str(tmp_path / "cache"))
        manage(environment, "migrate", "--no-input", "-v0")
        path = manage(environment, "shell", "--no-imports", "-c", CREATE).strip()
        with gunicorn(environment, tmp_path / "gunicorn.log", workers=2, threads=1) as base:
            assert titles(base, path) == {"Alpha"}
            manage(environment, "shell", "--no-imports", "-c", SILENT_EDIT)
            # Cached once, served to every worker: the silent edit is not seen.
            assert titles(base, path) == {"Alpha"}
            manage(environment, "shell", "--no-imports", "-c", EDIT)
            assert titles(base, path) == {"Beta"}
