"""Two app servers behind one imaginary load balancer keep no state of their own.

Both share one PostgreSQL database and one Redis; whatever one server does,
the other sees at once: rate-limit counts, logins and edits.
"""

import pickle

import pytest
import redis

from tests.scale.conftest import SHARED_LIMIT
from tests.scale.harness import STAFF, Browser

pytestmark = pytest.mark.scale


def test_a_rate_limit_is_counted_across_both_servers(servers, browser):
    statuses = [
        browser.submit(
            servers[attempt % 2].url + "/contact/",
            form_with="message",
            changes={
                "name": "Sam Example",
                "email": "sam@example.com",
                "company": "Example Relay Ltd",
                "topic": "support",
                "message": f"Attempt {attempt}: the gateway drops mail.",
                "consent": "on",
            },
        ).status
        for attempt in range(SHARED_LIMIT + 3)
    ]
    # Alternating, each server alone saw at most SHARED_LIMIT accepted
    # enquiries: only a count the servers share (in the database) reaches the limit.
    assert statuses == [200] * SHARED_LIMIT + [429] * 3


def test_a_login_on_one_server_is_valid_on_the_other_and_outlives_redis(
    servers, browser, environment
):
    first, second = servers
    answer = browser.submit(first.url + "/admin/login/", form_with="username", changes=STAFF)
    assert answer.status == 200
    assert "Log out" in answer.text

    page = browser.get(second.url + "/admin/")
    assert page.status == 200
    assert "Log out" in page.text
    # Redis holds only what can be lost: sessions are read through it, but
    # kept in the database, so emptying it signs nobody out.
    redis.Redis.from_url(environment.redis_url).flushdb()
    for server in servers:
        page = browser.get(server.url + "/admin/")
        assert page.status == 200
        assert "Log out" in page.text


def test_an_edit_through_one_server_shows_at_once_on_the_other(servers, browser, environment):
    first, second = servers
    pk = environment.manage(
        "shell",
        "--no-imports",
        "-c",
        "from content.faq.models import Question; "
        "print(Question.objects.published().order_by('pk').first().pk)",
    ).strip()
    # The FAQ list names every answer and holds no form: a page with one (an
    # answer's "Was this helpful?") is sent private, without an ETag.
    public_path = "/faq/"
    shared_cache = redis.Redis.from_url(environment.redis_url)
    visitor = Browser()
    before = visitor.get(second.url + public_path)
    assert before.status == 200
    assert "Edited through the first server" not in before.text
    # The page went into the page cache in Redis, shared by both servers.
    stored = [pickle.loads(shared_cache.get(key)) for key in shared_cache.keys("*pagecache:page:*")]
    assert before.text.encode() in [entry["content"] for entry in stored]

    browser.submit(first.url + "/admin/login/", form_with="username", changes=STAFF)
    saved = browser.submit(
        f"{first.url}/admin/faq/question/{pk}/change/",
        form_with="title",
        changes={"title": "Edited through the first server"},
        button="_save",
    )
    assert saved.status == 200
    assert "was changed successfully" in saved.text

    # The same visitor, without a login (a signed-in visitor is never served
    # from the page cache), asks the second server again.
    after = visitor.get(
        second.url + public_path,
        **{"X-Request-ID": "scale-edit-check", "If-None-Match": before.headers["ETag"]},
    )
    assert after.status == 200
    assert "Edited through the first server" in after.text
    # The second server logged that request as one JSON line under the same id.
    [entry] = [line for line in second.log_lines() if line.get("request_id") == "scale-edit-check"]
    assert entry["path"] == public_path
    assert entry["status"] == 200
