"""Benchmark the insights page on a year of generated traffic, per database.

    python bench/insights/run.py --engine sqlite
    python bench/insights/run.py --engine postgresql

`make bench-insights` runs both. A year (365 days up to today) of traffic is
generated once into its own database (bench/insights/.data/ for SQLite,
BENCH_INSIGHTS_POSTGRES_URL for PostgreSQL, default
postgres://postgres@127.0.0.1:5432/hub_bench_insights): 1,000,000 searches
over a few thousand queries (a long tail, 8% finding nothing) with their
clicks (about 4 in 10, on positions 1 to 10), 1,000,000 views and 100,000
downloads over 2,000 items, as raw events and as the daily totals a flush
writes; plus sessions, registrations, enquiries and FAQ votes. Then the
admin's insights page is requested, signed in, for the last 90 days (and 30
and 7), and its p50, p95 and slowest time printed: the whole response,
middleware, queries and template. The first request of each period is
printed apart: it finds the cache empty and sums every day from the
database, where the others take the settled days' sums from the cache
(content/insights/report.py, LIVE_DAYS).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

SEARCHES, VIEWS, DOWNLOADS = 1_000_000, 1_000_000, 100_000
ITEMS, QUERIES, DAYS = 2_000, 4_000, 365
CLICK_RATE, MISS_SHARE = 0.4, 0.08
WORDS = """
ldap sync azure directory quarantine release smtp port firewall dlp policy phishing simulation
awareness training insider risk archive retention tls certificate dashboard report api token
okta scim mfa sso journal routing mx spam impersonation url sandbox
""".split()  # noqa: SIM905  (easier to read and extend as text)


def setup_django(engine):
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-bench-only-secret-key-bench-only")
    os.environ.setdefault("SECURE_HTTPS", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    # The bench signs in as a superuser, whom production settings ask for a
    # second factor (tests/accounts cover it); the page is what is measured.
    os.environ.setdefault("ADMIN_SECOND_FACTOR", "0")
    # A file cache of its own per engine, emptied at the start (see measure()):
    # never a Redis database someone else uses.
    os.environ.pop("REDIS_URL", None)
    os.environ["CACHE_DIR"] = str(HERE / ".data" / f"cache-{engine}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings"
    if engine == "sqlite":
        (HERE / ".data").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{HERE / '.data' / 'insights.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = os.environ.get(
            "BENCH_INSIGHTS_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/hub_bench_insights"
        )
        ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def zipf(count, exponent=1.1):
    """Return cumulative weights of a long tail over `count` ranks."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1 / rank**exponent
        cumulative.append(total)
    return cumulative


def make_content(rng):
    """Make ITEMS items over four areas (most as plain content rows, fast), a few
    FAQ questions with votes, sessions with registrations, and enquiries."""
    from content.core.models import Content, ProductArea
    from content.enquiries.models import Enquiry
    from content.events.models import Registration, Session
    from content.faq.models import Feedback, Question

    now = datetime.now(UTC)
    areas = [
        ProductArea.objects.create(name=name, slug=name.lower().replace(" ", "-"), tagline=name)
        for name in ["Human Risk", "Command Centre", "Insider Risk", "Email Security"]
    ]
    published = {"status": Content.Status.PUBLISHED, "publish_at": now - timedelta(days=400)}
    questions = [
        Question.objects.create(
            title=f"Question {n}",
            slug=f"question-{n}",
            topic="General",
            area=areas[n % 4],
            **published,
        )
        for n in range(50)
    ]
    Content.objects.bulk_create(
        Content(
            kind="asset",
            title=f"{rng.choice(WORDS).title()} guide {n}",
            slug=f"guide-{n}",
            area=areas[n % 4],
            **published,
        )
        for n in range(ITEMS - len(questions))
    )
    Feedback.objects.bulk_create(
        Feedback(
            question=rng.choice(questions),
            browser=f"b{n}",
            helpful=rng.random() < 0.7,
            comment="Needs a screenshot" if n % 9 == 0 else "",
        )
        for n in range(3_000)
    )
    for n in range(40):
        starts = now - timedelta(days=300) + timedelta(days=n * 9)
        session = Session.objects.create(
            title=f"Phish & Chips {n}",
            slug=f"session-{n}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=6),
            capacity=30,
            venue="1 Example Street",
            city="London",
            **published,
        )
        Registration.objects.bulk_create(
            Registration(
                session=session,
                name="Bench",
                email=f"p{n}-{k}@example.com",
                company="X",
                job_title="Engineer",
                consent=True,
                status="attended" if k < 20 else "confirmed" if k < 30 else "waitlisted",
                created=starts - timedelta(days=rng.randint(1, 40)),
            )
            for k in range(36)
        )
    enquiries = Enquiry.objects.bulk_create(
        Enquiry(
            name="Bench",
            email=f"e{n}@example.com",
            company="X",
            topic=rng.choice(Enquiry.Topic.values),
            message="m",
            status=rng.choice(Enquiry.Status.values),
        )
        for n in range(2_000)
    )
    for enquiry in enquiries:  # spread over the year; auto_now_add set them to now
        created = now - timedelta(days=rng.randint(0, DAYS - 1), hours=rng.randint(0, 23))
        answered = (
            created + timedelta(hours=rng.randint(1, 72)) if enquiry.status != "new" else None
        )
        Enquiry.objects.filter(pk=enquiry.pk).update(created=created, first_response_at=answered)
    return list(Content.objects.values_list("pk", "kind"))


def generate(seed=7):
    """Write a year of raw events and their daily totals, one day at a time."""
    from django.db import connection, transaction
    from django.utils import timezone

    from content.insights.models import DailyTotal, Event, Kind
    from content.insights.recording import daily_totals

    rng = random.Random(seed)
    items = make_content(rng)
    item_ids = [pk for pk, _ in items]
    asset_ids = [pk for pk, kind in items if kind == "asset"]
    queries = [" ".join(rng.sample(WORDS, rng.choice([1, 2, 2, 3]))) for _ in range(QUERIES)]
    queries = list(dict.fromkeys(queries))
    gaps = set(queries[len(queries) // 2 :][:: int(1 / MISS_SHARE / 2)])  # in the long tail
    query_weights, item_weights, asset_weights = (
        zipf(len(queries)),
        zipf(len(item_ids)),
        zipf(len(asset_ids)),
    )
    today = timezone.localdate()
    quote, adapt = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
    columns = ["at", "kind", "item", "query", "position", "found"]
    insert = (
        f"INSERT INTO {quote(Event._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    per_day = {
        kind: total // DAYS
        for kind, total in [("search", SEARCHES), ("view", VIEWS), ("download", DOWNLOADS)]
    }
    started = time.perf_counter()
    for days_ago in range(DAYS):
        day = today - timedelta(days=days_ago)
        first = datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())

        def moment(first=first):
            return first + timedelta(seconds=rng.randrange(86_400))

        events = []
        for query in rng.choices(queries, cum_weights=query_weights, k=per_day["search"]):
            found = query not in gaps
            events.append(Event(at=moment(), kind=Kind.SEARCH, query=query, found=found))
            if found and rng.random() < CLICK_RATE:
                position = min(10, int(rng.expovariate(0.6)) + 1)
                item = rng.choices(item_ids, cum_weights=item_weights)[0]
                events.append(
                    Event(at=moment(), kind=Kind.CLICK, item=item, query=query, position=position)
                )
        events += [
            Event(at=moment(), kind=Kind.VIEW, item=item)
            for item in rng.choices(item_ids, cum_weights=item_weights, k=per_day["view"])
        ]
        events += [
            Event(at=moment(), kind=Kind.DOWNLOAD, item=item)
            for item in rng.choices(asset_ids, cum_weights=asset_weights, k=per_day["download"])
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                insert,
                [(adapt(e.at), e.kind, e.item, e.query, e.position, e.found) for e in events],
            )
            DailyTotal.objects.add(daily_totals(events))
        if days_ago % 30 == 0:
            print(f"  day {days_ago + 1}/{DAYS}, {time.perf_counter() - started:.0f} s", flush=True)


def load():
    from django.core.management import call_command

    from content.insights.models import DailyTotal, Event

    call_command("migrate", verbosity=0)
    if DailyTotal.objects.exists():
        return
    print("Generating a year of traffic…", flush=True)
    generate()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        from django.db import connection

        # VACUUM as autovacuum would soon after: it marks the pages all-visible,
        # without which PostgreSQL reads the table behind its covering indexes.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"  {Event.objects.count():,} raw events, {DailyTotal.objects.count():,} daily totals")


def measure(days, rounds):
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-insights", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    url = f"/admin/insights/dailytotal/?period={days}"
    # The first request finds none of the period's settled sums in the cache
    # (and, for the first period, warms templates and connections).
    started = time.perf_counter()
    response = client.get(url)
    first = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    timings, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
    return first, statistics.median(timings), p95, timings[-1], statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    setup_django(args.engine)
    load()
    from django.core.cache import cache

    cache.clear()
    print(f"Insights page on {args.engine}, {args.rounds} requests each (ms):")
    # On a shared machine the wall time grows with the load; the CPU time of
    # this process (SQLite's work included, PostgreSQL's not) much less.
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'period':>8} {'first':>8} {'p50':>8} {'p95':>8} {'max':>8} {'cpu p50':>8}")
    from django.conf import settings
    from django.test.utils import override_settings

    # Static links unhashed: the bench needs no collectstatic, and hashing is not what it measures.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        timings = [(days, *measure(days, args.rounds)) for days in (90, 30, 7)]
    for days, first, p50, p95, slowest, cpu in timings:
        print(
            f"{days:>6} d {first:>8.0f} {p50:>8.0f} {p95:>8.0f} {slowest:>8.0f} {cpu:>8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
