"""Search answers questions typed in a person's own words, on the demo content.

CI runs this file on SQLite and PostgreSQL. The floors sit a little under
what each engine measures today (see README, "Search relevance"), so that a
change that makes answers worse fails here.
"""

import pytest

from content.core.models import Content
from content.search.engine import search
from tests.search.relevance import cases, measure

# The demo content is loaded once for both tests (tests/conftest.py).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo_content"),
]

HIT_AT_3_FLOOR = 0.88
MRR_FLOOR = 0.82


def test_the_set_is_large_and_every_answer_exists():
    all_cases = cases()
    assert len(all_cases) >= 60
    slugs = set(Content.objects.published().values_list("slug", flat=True))
    for case in all_cases:
        assert set(case["answers"]) <= slugs, case["query"]


def test_answers_rank_near_the_top():
    relevance = measure(search)
    misses = "\n".join(f"{o.query!r}: {o.found[:3]}" for o in relevance.misses())
    assert relevance.hit_at_3 >= HIT_AT_3_FLOOR, f"{relevance}\n{misses}"
    assert relevance.mrr >= MRR_FLOOR, f"{relevance}\n{misses}"
