"""Profile one page of the bench data set with pyinstrument.

    python -m bench.profile /faq/ [--repeat 20] [--cached | --signed-in]

Renders the page through Django's whole stack (PAGE_CACHE off, so every
request renders), prints the mean time per request and pyinstrument's tree.
With --cached the page cache stays on and every request after the first is a
hit: what a stored page costs (set REDIS_URL to profile it with Redis, as in
production). With --signed-in every request carries the session of a signed-in
partner: rendered for them, as in the bench's fresh install, or with --cached
too, the page stored for their audience, as in its signed-in install. Run `make bench` once first:
it makes the data set.
"""

import argparse
import os
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="e.g. /faq/ or '/search/?q=policy'")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cached", action="store_true", help="profile page-cache hits")
    parser.add_argument("--signed-in", action="store_true", help="as a signed-in partner")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])

    from bench.run import parse_arguments, prepare_environment, session_cookie

    prepare_environment(parse_arguments([] if args.cached else ["--no-page-cache"]))
    cookie = session_cookie(dict(os.environ)) if args.signed_in else None
    import django

    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    from bench.generate import is_generated

    if not is_generated():
        raise SystemExit("The bench database has no data set yet: run `make bench` first.")

    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    status = client.get(args.path).status_code  # warm up: imports, templates
    profiler = Profiler()
    started = time.perf_counter()
    with profiler:
        for _ in range(args.repeat):
            client.get(args.path)
    elapsed = (time.perf_counter() - started) / args.repeat
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(
        f"{args.path}: status {status}, {elapsed * 1000:.1f} ms per request (mean of {args.repeat})"
    )


if __name__ == "__main__":
    main()
