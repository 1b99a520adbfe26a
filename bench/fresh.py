"""CPU time of each bench page for a signed-in visitor: rendered, and stored.

    python -m bench.fresh [--repeat 30]

What a signed-in visitor (a member of a partner organisation, as in `make
bench`'s signed-in install) costs the server, without the noise of a load
test, two ways: "fresh", every request rendered (with bench.run's
FRESH_COOKIE, as the fresh install sends), reusing only the parts every
visitor of their audience shares ({% remember %}, kept list totals); and
"stored", the page the page cache keeps for their audience. Process CPU time
per request, through the WSGI application as gunicorn calls it (the test
client keeps a database connection that a server may open and close), on
the bench data set, which it migrates or makes first as `make bench` does.
Set REDIS_URL to measure it with Redis, as the signed-in installs run. Fewer
milliseconds here is more requests per second under `make bench`.
"""

import argparse
import os
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])

    from bench.run import FRESH_COOKIE, parse_arguments, prepare_environment, session_cookie

    prepare_environment(parse_arguments([]))
    import django

    django.setup()
    from django.test import RequestFactory

    from bench.run import prepare_data, targets
    from hub.wsgi import application

    prepare_data(regenerate=False)
    signed_in = session_cookie(dict(os.environ))

    def get(path, cookie):
        environ = RequestFactory().get(path, HTTP_HOST="127.0.0.1", HTTP_COOKIE=cookie).environ
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = status.split()[0]

        b"".join(application(environ, start_response))
        return answer["status"]

    def cpu_ms(path, cookie):
        for _ in range(3):  # warm up: imports, templates, the kept parts and pages
            get(path, cookie)
        started = time.process_time()
        for _ in range(args.repeat):
            status = get(path, cookie)
        return status, (time.process_time() - started) / args.repeat * 1000

    print(f"CPU ms per request, mean of {args.repeat}")
    print(f"{'page':16} status  fresh  stored")
    for name, path in [("in-stack view", "/bench/ceiling/"), *targets()]:
        status, fresh = cpu_ms(path, f"{signed_in}; {FRESH_COOKIE}")
        _, stored = cpu_ms(path, signed_in)
        print(f"{name:16} {status}    {fresh:6.1f}  {stored:6.1f}")


if __name__ == "__main__":
    main()
