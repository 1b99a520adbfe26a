"""CPU time of a fresh render of each bench page, for a signed-in visitor.

    python -m bench.fresh [--repeat 30]

What a signed-in visitor (a member of a partner organisation, as in `make
bench`'s signed-in install) costs the server, without the noise of a load
test: the page cache cannot serve them, so every request renders, reusing
only the parts every visitor of their audience shares ({% remember %}, kept
list totals). Process CPU time per request, in the test client, on the bench
data set, which it migrates or makes first as `make bench` does. Set
REDIS_URL to measure it with Redis, as the signed-in install runs. Fewer
milliseconds here is more requests per second under `make bench`'s
signed-in install.
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
    from django.test import Client

    from bench.run import prepare_data, targets

    prepare_data(regenerate=False)
    client = Client(HTTP_HOST="127.0.0.1")
    cookie_name, cookie_value = session_cookie(dict(os.environ)).split("=", 1)
    client.cookies[cookie_name] = cookie_value
    print(f"{'page':16} status  CPU ms per request (mean of {args.repeat})")
    for name, path in targets():
        for _ in range(3):  # warm up: imports, templates, the kept parts
            client.get(path)
        started = time.process_time()
        for _ in range(args.repeat):
            status = client.get(path).status_code
        per_request = (time.process_time() - started) / args.repeat * 1000
        print(f"{name:16} {status}     {per_request:6.1f}")


if __name__ == "__main__":
    main()
