"""CPU time of a page-cache hit of each bench page, as gunicorn calls the hub.

    python -m bench.hits [--repeat 2000] [--profile /faq/]

What an anonymous visitor of a stored page costs the server, without the
noise of a load test: each page is requested once to store it, then
`--repeat` times through the WSGI application (hub.wsgi, whose worker keeps a
copy of the page), and the process CPU time per request is printed beside
that of the ceiling's view (bench/ceiling.py) called the same way. Set
REDIS_URL to measure it with Redis (its database is emptied first), as the
bench's redis install runs; without it the disk cache serves, as the embedded
install. With --profile, pyinstrument's tree of the hits of one page.
"""

import argparse
import os
import subprocess
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--profile", metavar="PATH", help="profile the hits of one page")
    parser.add_argument("--ceiling", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    if args.ceiling:
        # The ceiling is a project of its own: its own process, its own settings.
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.ceiling"
        from bench.ceiling import application

        print(measure(caller(application, "/"), args.repeat)[1])
        return

    from bench.run import parse_arguments, prepare_environment

    prepare_environment(parse_arguments([]))
    import django

    django.setup()
    from django.core.cache import cache

    from bench.run import prepare_data, targets
    from hub.wsgi import application

    prepare_data(regenerate=False)
    cache.clear()

    if args.profile:
        from pyinstrument import Profiler

        get = caller(application, args.profile)
        measure(get, 3)
        with Profiler(interval=0.0001) as profiler:
            for _ in range(args.repeat):
                get()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return

    ceiling = [sys.executable, "-m", "bench.hits", "--ceiling", f"--repeat={args.repeat}"]
    ceiling_us = float(subprocess.run(ceiling, capture_output=True, check=True, text=True).stdout)
    print(f"{'page':16} status  CPU µs per hit (mean of {args.repeat})")
    print(f"{'ceiling':16} 200     {ceiling_us:6.0f}")
    for name, path in targets():
        status, hit_us = measure(caller(application, path), args.repeat)
        print(f"{name:16} {status}     {hit_us:6.0f}  ({hit_us / ceiling_us:.1f}x the ceiling)")


def caller(wsgi_application, path):
    """Return a function that GETs `path` from `wsgi_application` as gunicorn
    would, and returns the status."""
    from django.test import RequestFactory

    environ = RequestFactory().get(path, HTTP_HOST="127.0.0.1").environ
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status.split()[0]

    def get():
        # gunicorn gives each request an environ of its own.
        body = wsgi_application(dict(environ), start_response)
        b"".join(body)
        body.close()
        return answer["status"]

    return get


def measure(get, repeat):
    """Return the last status and the CPU microseconds per call of `get`."""
    for _ in range(3):  # warm up: the stored page, this worker's copy
        get()
    started = time.process_time()
    for _ in range(repeat):
        status = get()
    return status, (time.process_time() - started) / repeat * 1_000_000


if __name__ == "__main__":
    main()
