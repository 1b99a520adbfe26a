"""Time what a page-cache hit asks of Redis, per cache backend.

    python -m bench.cache_client [--redis-url redis://127.0.0.1:6379/13] [--rounds 7]

A hit is one get_many of the generation and a stored page (content/pagecache/middleware.py).
This times that call through content.pagecache.backends.RedisCache (one redis-py client per
cache object) and through Django's own RedisCache (a new client per call),
in alternating rounds, and prints the median and the best round of each.
"""

import argparse
import os
import statistics
import time

BACKENDS = {
    "content.pagecache.backends.RedisCache": "ours: one client per cache object",
    "django.core.cache.backends.redis.RedisCache": "Django's: a new client per call",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=5000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.test_settings")
    import django

    django.setup()
    from django.utils.module_loading import import_string

    caches = {
        name: import_string(name)(args.redis_url, {"OPTIONS": {"socket_timeout": 0.25}})
        for name in BACKENDS
    }
    page = {"generation": 1.0, "content": b"x" * 20_000, "csrf": False, "etag": '"e"'}
    next(iter(caches.values())).set_many({"generation": 1.0, "page": page})
    timings = {name: [] for name in BACKENDS}
    for _ in range(args.rounds):
        for name, cache in caches.items():
            started = time.perf_counter()
            for _ in range(args.calls):
                cache.get_many(["generation", "page"])
            timings[name].append((time.perf_counter() - started) / args.calls * 1e6)
    next(iter(caches.values())).delete_many(["generation", "page"])

    print(f"| backend | µs per hit, median of {args.rounds} rounds | best round |")
    print("|---|---:|---:|")
    for name, rounds in timings.items():
        print(f"| {BACKENDS[name]} | {statistics.median(rounds):.0f} | {min(rounds):.0f} |")


if __name__ == "__main__":
    main()
