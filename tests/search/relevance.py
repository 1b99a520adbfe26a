"""Measure how well search answers the relevance set (relevance.toml).

Shared by tests/search/test_relevance.py and `make bench-search`.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

CASES = Path(__file__).with_name("relevance.toml")
# A hit counts when an answer is among the first this many results.
TOP = 3


@dataclass
class Outcome:
    query: str
    answers: list
    found: list  # the slugs of the first results

    @property
    def rank(self):
        """Return the position (from 1) of the first answer found, or None."""
        for position, slug in enumerate(self.found, start=1):
            if slug in self.answers:
                return position
        return None


@dataclass
class Relevance:
    outcomes: list

    @property
    def hit_at_3(self):
        return sum(1 for o in self.outcomes if o.rank and o.rank <= TOP) / len(self.outcomes)

    @property
    def mrr(self):
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)

    def misses(self):
        return [o for o in self.outcomes if not o.rank or o.rank > TOP]

    def __str__(self):
        return f"hit@3 {self.hit_at_3:.2f}  MRR {self.mrr:.2f}  ({len(self.outcomes)} questions)"


def cases():
    with open(CASES, "rb") as file:
        return tomllib.load(file)["case"]


def measure(search, depth=10):
    """Return the `Relevance` of `search` (content.search.engine.search) over the set."""
    outcomes = []
    for case in cases():
        results = search(case["query"], page_size=depth, card_facts=False)
        outcomes.append(
            Outcome(case["query"], case["answers"], [hit.item.slug for hit in results.hits])
        )
    return Relevance(outcomes)
