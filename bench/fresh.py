"""CPU time of a fresh render of each bench page, for a signed-in visitor.

    python -m bench.fresh [--repeat 30]

What a signed-in visitor (a member of a partner organisation, as in `make
bench`'s signed-in install) costs the server, without the noise of a load
test: the page cache cannot serve them, so every request renders, reusing
only the parts every visitor of their audience shares ({% remember %}, kept
list totals). Process CPU time per request, through the WSGI application as
gunicorn calls it (the test client keeps a database connection that a server
may open and close), on the bench data set, which it migrates or makes first
as `make bench` does. Set REDIS_URL to measure it with Redis, as the
signed-in install runs. Fewer milliseconds here is more requests per second
under `make bench`'s signed-in install.
"""

import argparse
import os
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])

    from bench.run import parse_arguments, prepare_environment, session_cookie

    prepare_environment(parse_arguments([]))
    import django

    django.setup()
    from django.test import RequestFactory

    from bench.run import prepare_data, targets
    from hub.wsgi import application

    prepare_data(regenerate=False)
    cookie = session_cookie(dict(os.environ))

    def get(path):
        environ = RequestFactory().get(path, HTTP_HOST="127.0.0.1", HTTP_COOKIE=cookie).environ
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = status.split()[0]

        b"".join(application(environ, start_response))
        return answer["status"]

    print(f"{'page':16} status  CPU ms per request (mean of {args.repeat})")
    for name, path in [("in-stack view", "/bench/ceiling/"), *targets()]:
        for _ in range(3):  # warm up: imports, templates, the kept parts
            get(path)
        started = time.process_time()
        for _ in range(args.repeat):
            status = get(path)
        per_request = (time.process_time() - started) / args.repeat * 1000
        print(f"{name:16} {status}     {per_request:6.1f}")


if __name__ == "__main__":
    main()
