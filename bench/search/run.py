"""Benchmark site search: p50 and p95 of `search()` on N generated items, per engine.

    python bench/search/run.py --engine sqlite --items 100000
    python bench/search/run.py --engine postgresql --items 100000

`make bench-search` runs both. The data lives in its own database (a file under
bench/search/.data for SQLite, BENCH_POSTGRES_URL for PostgreSQL), is generated
once per size and reused. Next to each figure the benchmark times the plain
query written the obvious way (FTS match, rank every match, ORDER BY rank
LIMIT 10), which is what `search()` has to beat. Some searches are also timed
narrowed, as the facet links narrow them (kind, area, #tag in brackets).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))


def words(text):
    return text.split()


GENERAL = words("""
email mail message messages user users account accounts policy policies rule rules domain
domains gateway server servers console dashboard report reports alert alerts admin
administrator role roles group groups sync synchronisation directory ldap azure active
attachment attachments link links url urls protection threat threats phishing simulation
training module awareness risk insider data leak prevention archive journal routing smtp
port ports firewall address addresses certificate tls encryption spam quarantine release
release notes update version feature settings configuration connector inbound outbound
outlook exchange office tenant api token key keys logs log audit search retention hold
export import csv template templates playbook response incident detection framework score
scoring behaviour campaign click clicks report risk level review approval workflow
""")
TOPICS = [
    words("directory synchronisation schedule interval minutes ldap azure connector attributes"),
    words("targeted threat protection url rewrite sandbox attachment impersonation"),
    words("data leak prevention dictionary content examination keyword lexicon"),
    words("phishing simulation kit campaign landing page lure click rate"),
    words("awareness training module video quiz completion learner"),
    words("insider risk detection framework anomaly exfiltration leaver signal"),
    words("archive retention legal hold export journal ediscovery"),
    words("smtp routing mx record port firewall relay delivery"),
    words("policy scope envelope header precedence default override"),
    words("command centre dashboard widget report scheduling console"),
    words("human risk score behaviour measurement metric trend"),
    words("certificate tls encryption cipher handshake secure transport"),
]
FILLER = words("the a to of and is in for with on by from at this that when how")
KINDS = ["faq", "asset", "session"]
TAGS = GENERAL[:30]

QUERIES = [
    "email",  # a general word in a large share of items
    "policy",
    "users",
    "the",  # a stop word in every item
    "a",  # single letters, as typed
    "s",
    "sy",
    "synchro",  # a prefix while typing
    # A word in 8% of items: walking newest first reads some
    # 6,000 items to find 500, and a look-up would read all 8,000 matches.
    "ediscovery",
    "directory synchronisation",
    '"legal hold"',
    "phising",  # typos
    "sychronisation",
    "digset",
    "data leak prevention",
    "DLP",  # a synonym
    "email -phishing",
    "which ports does smtp use",
    "nothingmatchesthisword",
]
# Searches narrowed as the facet links narrow them: kinds, an area's slug, tags.
NARROWED = [
    ("email", {"kinds": ["faq"]}),
    ("email", {"kinds": ["faq"], "area": "insider-risk"}),
    ("email", {"kinds": ["faq"], "tags": ["policy"]}),
    ("email", {"tags": ["policy", "users"]}),
    ("ediscovery", {"area": "insider-risk"}),
    ('"legal hold"', {"kinds": ["asset"]}),
]


def sentence(rng, topic, length):
    words = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.35:
            words.append(rng.choice(FILLER))
        elif roll < 0.65:
            words.append(rng.choice(topic))
        else:
            words.append(rng.choice(GENERAL))
    return " ".join(words).capitalize() + "."


def generate(count, seed=7):
    """Yield (title, summary, body, kind, tags) for `count` items of technical text."""
    rng = random.Random(seed)
    for number in range(count):
        topic = rng.choice(TOPICS)
        title = " ".join(rng.choice(topic + GENERAL) for _ in range(rng.randint(3, 7))).capitalize()
        summary = sentence(rng, topic, rng.randint(10, 18))
        body = "\n\n".join(
            " ".join(sentence(rng, topic, rng.randint(8, 16)) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(3, 6))
        )
        yield f"{title} {number}", summary, body, KINDS[number % 3], rng.sample(TAGS, 2)


def setup_django(engine, name="search"):
    """Set Django up on the benchmark's database `name` of `engine`."""
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-bench-only-secret-key-bench-only")
    os.environ.setdefault("SECURE_HTTPS", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings"
    (HERE / ".data").mkdir(exist_ok=True)
    # The demo content's PDFs stay with the benchmark's data.
    os.environ["MEDIA_ROOT"] = str(HERE / ".data" / "media")
    if engine == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{HERE / '.data' / name}.sqlite3"
    else:
        variable = (
            f"BENCH_POSTGRES_{name.upper()}_URL" if name != "search" else "BENCH_POSTGRES_URL"
        )
        os.environ["DATABASE_URL"] = os.environ.get(
            variable, f"postgres://postgres@127.0.0.1:5432/hub_bench_{name}"
        )
    import django

    django.setup()


def ensure_database(engine):
    if engine != "postgresql":
        return
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def load(count):
    """Fill the database with `count` generated items and index them, unless already there."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from django.utils.html import escape
    from taggit.models import Tag, TaggedItem

    from content.core.models import Content, ProductArea
    from content.search.engine import rebuild
    from content.search.models import Synonym

    call_command("migrate", verbosity=0)
    if Content.objects.count() == count:
        return
    print(f"Generating {count} items…", flush=True)
    with transaction.atomic():
        TaggedItem.objects.all().delete()
        Content.objects.all().delete()
        areas = [
            ProductArea.objects.get_or_create(slug=slug, defaults={"name": name, "tagline": name})[
                0
            ]
            for slug, name in [
                ("human-risk-awareness", "Human Risk / Awareness"),
                ("command-centre", "Command Centre"),
                ("insider-risk", "Insider Risk"),
                ("human-risk-management", "Human Risk Management"),
            ]
        ]
        tags = {name: Tag.objects.get_or_create(name=name, slug=name)[0] for name in TAGS}
        Synonym.objects.get_or_create(term="DLP", defaults={"equivalents": "data leak prevention"})
        content_type = ContentType.objects.get_for_model(Content)
        now = timezone.now()
        batch, tagged = [], []
        for number, (title, summary, body, kind, item_tags) in enumerate(generate(count)):
            batch.append(
                Content(
                    kind=kind,
                    title=title,
                    slug=f"item-{number}",
                    summary=summary,
                    body=body,
                    body_html="".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n")),
                    area=areas[number % 4],
                    status=Content.Status.PUBLISHED if number % 20 else Content.Status.DRAFT,
                    publish_at=now - timedelta(minutes=number),
                )
            )
            tagged.append(item_tags)
            if len(batch) == 2000:
                flush(batch, tagged, tags, content_type)
                batch, tagged = [], []
        flush(batch, tagged, tags, content_type)

    def progress(done, total):
        print(f"\rIndexing {done}/{total}", end="", flush=True)

    started = time.perf_counter()
    rebuild(progress=progress)
    print(f"\nIndexed in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def flush(batch, tagged, tags, content_type):
    from taggit.models import TaggedItem

    from content.core.models import Content

    created = Content.objects.bulk_create(batch)
    TaggedItem.objects.bulk_create(
        TaggedItem(tag=tags[name], content_type=content_type, object_id=item.pk)
        for item, names in zip(created, tagged, strict=True)
        for name in names
    )


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_in_rounds(functions, repeat):
    """Return, for each of `functions`, the milliseconds of `repeat` calls.

    Each round calls every function once. This VM's speed drifts by up to
    about 1.8x from one minute to the next; in rounds, a slow minute slows
    every query a little instead of one query throughout.
    """
    for function in functions:
        function()  # warm the caches once
    samples = [[] for _ in functions]
    for _ in range(repeat):
        for function, times in zip(functions, samples, strict=True):
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
    return samples


def narrowing(filters):
    """Return search()'s keyword arguments for `filters`, with the area looked up by its slug."""
    from content.core.models import ProductArea

    if "area" not in filters:
        return filters
    return filters | {"area": ProductArea.objects.get(slug=filters["area"])}


def describe(filters):
    tags = ["#" + tag for tag in filters.get("tags", [])]
    return ", ".join(filter(None, [*filters.get("kinds", []), filters.get("area"), *tags]))


def runs(function):
    """Return whether `function` runs: the plain query cannot read every input."""
    try:
        function()
    except Exception:
        return False
    return True


# The plain query as most projects write it: match, rank every match, LIMIT
# (SQLite: MATCH and bm25; PostgreSQL: as djangoproject.com writes it).
OBVIOUS = {
    "sqlite": "SELECT rowid, snippet(search_fts, 3, '<b>', '</b>', '…', 24) FROM search_fts "
    "WHERE search_fts MATCH %s ORDER BY bm25(search_fts, {weights}) LIMIT %s",
    "postgresql": "SELECT content_id, ts_rank(vector, query) AS rank FROM search_document, "
    "websearch_to_tsquery('{config}', %s) query WHERE vector @@ query "
    "ORDER BY rank DESC LIMIT %s",
}


def obvious(text, limit=10):
    """Run the obvious query for `text` on the default database; return its rows."""
    from django.db import connection

    from content.search.backends import postgresql, sqlite

    sql = OBVIOUS[connection.vendor].format(weights=sqlite.WEIGHTS, config=postgresql.CONFIG)
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, limit])
        return cursor.fetchall()


def relevance(engine):
    """Print hit@3 and MRR of the relevance set (tests/search/relevance.toml)
    on a database of the demo content alone, as CI measures them."""
    from django.core.management import call_command

    from content.demo import loader
    from content.search.engine import search
    from tests.search.relevance import measure

    call_command("migrate", verbosity=0)
    loader.load()
    print(f"{engine} relevance on the demo content: {measure(search)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--relevance", action="store_true", help="measure relevance instead of speed"
    )
    args = parser.parse_args()

    if args.relevance:
        setup_django(args.engine, name="relevance")
        ensure_database(args.engine)
        relevance(args.engine)
        return

    setup_django(args.engine)
    ensure_database(args.engine)
    load(args.items)

    from content.search.engine import search

    print(f"\n{args.engine}: {args.items} items, {args.repeat} runs per query (ms)")
    print(f"{'query':<28}{'total':>8}{'p50':>9}{'p95':>9}   {'obvious p50':>12}{'p95':>9}")
    searches = [partial(search, query) for query in QUERIES]
    searches += [partial(search, query, **narrowing(filters)) for query, filters in NARROWED]
    labels = QUERIES + [f"{query} [{describe(filters)}]" for query, filters in NARROWED]
    plain = {
        query: partial(obvious, query.replace("-", "NOT ") if args.engine == "sqlite" else query)
        for query in QUERIES
    }
    plain = {query: function for query, function in plain.items() if runs(function)}
    # The plain queries read whole tables; timed in the same rounds, they
    # would push the pages every search reads out of PostgreSQL's cache.
    found = timed_in_rounds(searches, args.repeat)
    baselines = dict(zip(plain, timed_in_rounds(plain.values(), args.repeat), strict=True))
    for label, function, times in zip(labels, searches, found, strict=True):
        if label in baselines:
            figures = baselines[label]
            baseline = f"{statistics.median(figures):>12.1f}{percentile(figures, 0.95):>9.1f}"
        else:
            baseline = f"{'fails' if label in QUERIES else '-':>21}"
        print(
            f"{label:<28}{function().total:>8}{statistics.median(times):>9.1f}"
            f"{percentile(times, 0.95):>9.1f}   {baseline}"
        )
    # The plain queries first, beside the obvious ones, then the narrowed searches.
    plain_times = [ms for times in found[: len(QUERIES)] for ms in times]
    narrowed_times = [ms for times in found[len(QUERIES) :] for ms in times]
    obvious_all = [ms for figures in baselines.values() for ms in figures]
    print(
        f"{'all queries':<28}{'':>8}{statistics.median(plain_times):>9.1f}"
        f"{percentile(plain_times, 0.95):>9.1f}   {statistics.median(obvious_all):>12.1f}"
        f"{percentile(obvious_all, 0.95):>9.1f}"
    )
    print(
        f"{'all narrowed':<28}{'':>8}{statistics.median(narrowed_times):>9.1f}"
        f"{percentile(narrowed_times, 0.95):>9.1f}"
    )


if __name__ == "__main__":
    main()
