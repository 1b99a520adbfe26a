"""Measure each public page against the stack's ceiling, on each install.

    python -m bench.run [--installs redis,embedded,signed-in,fresh] [--duration 4]
                        [--connections 16] [--workers 4]

Generates the data set when the bench database lacks it and serves the hub
as in production (gunicorn, DEBUG off; SQLite in bench/data/ by default,
PostgreSQL when DATABASE_URL says so), three ways:

- redis: with REDIS_URL (the shared page cache on), every visitor anonymous;
- embedded: the default install, SQLite and nothing else;
- signed-in: with Redis, every request from a signed-in member of a partner
  organisation, served the pages stored for their audience;
- fresh: the same visitor with one more cookie (FRESH_COOKIE), which keeps
  the page cache from serving or storing their pages, as any cookie but the
  session and CSRF ones does: every page is rendered for them, with only the
  parts every visitor of their audience shares ({% remember %}) kept.

The ceiling is a Django project with no apps and no middleware
(bench/ceiling.py) under gunicorn with as many workers as the hub. wrk loads
it before the first page and after each one, and each page is compared with
the mean of the two ceiling runs around it, since the machine's load drifts.
The in-stack view (/bench/ceiling/ behind the hub's middleware) is measured
once per install. One table is printed and appended to bench/results/<date>.md.
"""

import argparse
import gzip
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
IN_STACK = "/bench/ceiling/"
INSTALLS = ("redis", "embedded", "signed-in", "fresh")
# Each install's goals (issue 20): share of the ceiling's req/s, and p99.
GOALS = {
    "redis": {"ratio": 0.8, "p99_ms": 20},
    "embedded": {"ratio": 0.5, "p99_ms": 20},
    "signed-in": {"ratio": 0.2, "p99_ms": 50},
    "fresh": {"ratio": 0.2, "p99_ms": 50},
}
# A cookie no page reads: with it, a signed-in visitor's pages are rendered afresh.
FRESH_COOKIE = "bench-fresh=1"
HOME_WEIGHT_LIMIT = 50 * 1024


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=4, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn, hub and ceiling alike")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8800")))
    parser.add_argument(
        "--installs", default=",".join(INSTALLS), help=f"comma-separated, of {', '.join(INSTALLS)}"
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        help="the Redis database every install but embedded uses; emptied first",
    )
    parser.add_argument("--regenerate", action="store_true", help="rebuild the data set")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="render every request (PAGE_CACHE=0)"
    )
    args = parser.parse_args(argv)
    args.installs = [name.strip() for name in args.installs.split(",") if name.strip()]
    unknown = set(args.installs) - set(INSTALLS)
    if unknown:
        parser.error(f"unknown install(s): {', '.join(sorted(unknown))}")
    return args


def prepare_environment(args):
    """Set the environment the server and this process share: production, no HTTPS."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # wrk speaks plain HTTP to the loopback address.
    os.environ["SECURE_HTTPS"] = "0"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    # One client sending thousands of requests a second is the point here.
    os.environ["RATELIMIT_ENABLE"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if args.no_page_cache:
        os.environ["PAGE_CACHE"] = "0"
    (BENCH_DIR / "data").mkdir(exist_ok=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("wrk is missing; installing it with apt-get.")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-q"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "wrk"], check=True)


def ensure_database():
    """Create the PostgreSQL database named by DATABASE_URL when it does not exist."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as error:
        if connection.vendor != "postgresql" or "does not exist" not in str(error):
            raise
        import psycopg

        settings = connection.settings_dict
        with psycopg.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            autocommit=True,
        ) as admin:
            admin.execute(f'CREATE DATABASE "{settings["NAME"]}"')


def prepare_data(regenerate):
    from django.core.management import call_command

    from bench import generate
    from content.core.changes import forget_generation

    ensure_database()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if regenerate:
        call_command("flush", verbosity=0, interactive=False)
    if not generate.is_generated():
        if not regenerate:
            call_command("flush", verbosity=0, interactive=False)
        started = time.monotonic()
        print("Generating the data set:", flush=True)
        generate.generate()
        print(f"Generated in {time.monotonic() - started:.0f} s.")
    # Pages cached by an earlier run may show other data.
    forget_generation()


def targets():
    """Return (name, path) of every page measured."""
    from content.core.models import ProductArea
    from content.events.models import Session
    from content.library.models import Asset

    area = ProductArea.objects.first()
    asset = Asset.objects.published().first()
    session = Session.objects.published().upcoming().first()
    return [
        ("home", "/"),
        ("area", f"/areas/{area.slug}/"),
        ("library", "/library/"),
        ("library by type", "/library/?type=implementation-guide"),
        ("asset", f"/library/{asset.slug}/"),
        ("faq", "/faq/"),
        ("search", "/search/?q=policy"),
        ("search api", "/api/search?q=sync"),
        ("session", f"/phish-and-chips/{session.slug}/"),
    ]


def start_server(args, log, *, port, app, environment):
    """Start gunicorn with `app` on `port`; return (process, base URL, command)."""
    command = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(args.workers)]
    server = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if fetch(base + "/")[0] in (200, 301, 302):
                return server, base, " ".join(command[2:])
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on {base}; see {log.name}")


def install_environment(args, install):
    """Return the environment of the hub's server for `install`."""
    environment = dict(os.environ)
    environment.pop("REDIS_URL", None)
    if install != "embedded":
        environment["REDIS_URL"] = args.redis_url
    return environment


def empty_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def session_cookie(environment):
    """Sign a visitor in (a member of a partner organisation, so the audience
    rule has work to do) in the store `environment` uses; return its cookie."""
    script = (
        "import django; django.setup(); "
        "from importlib import import_module; from django.conf import settings; "
        "from django.contrib import auth; "
        "from content.accounts.models import Membership, Organisation; "
        "user, _ = auth.get_user_model().objects.get_or_create("
        "username='bench-visitor', defaults={'email': 'bench@partner.example'}); "
        "organisation, _ = Organisation.objects.get_or_create("
        "name='Bench partner', defaults={'tier': 'partner'}); "
        "Membership.objects.get_or_create(organisation=organisation, user=user); "
        "store = import_module(settings.SESSION_ENGINE).SessionStore(); "
        "store[auth.SESSION_KEY] = str(user.pk); "
        "store[auth.BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'; "
        "store[auth.HASH_SESSION_KEY] = user.get_session_auth_hash(); store.create(); "
        "print(settings.SESSION_COOKIE_NAME + '=' + store.session_key)"
    )
    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return output.strip().splitlines()[-1]


def fetch(url, headers=None):
    """Return (status, body bytes, headers) of a GET."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def wrk(args, url, duration, cookie=None):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(url)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def parse_wrk(output):
    latency = {
        percent: to_ms(value, unit)
        for percent, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)$", output, re.M)
    }
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": errors.group(1) if errors else "",
    }


def measure(args, install, base, ceiling, cookie=None):
    """Load each page of `install` at `base`, each between two runs of the ceiling."""
    ceilings = [wrk(args, ceiling, args.duration)]
    rows = []
    for name, path in [("in-stack view", IN_STACK), *targets()]:
        headers = {"Cookie": cookie} if cookie else {}
        try:
            status, body, _ = fetch(base + path, headers)
        except TimeoutError:
            # A slow install can still be working through the last page's backlog.
            status, body = "timed out", b""
        row = {"install": install, "name": name, "path": path, "status": status}
        row["bytes"] = len(body)
        if status == 200:
            wrk(args, base + path, 1, cookie)  # warm-up: caches, connections, imports
            row |= wrk(args, base + path, args.duration, cookie)
            ceilings.append(wrk(args, ceiling, args.duration))
            row["ceiling"] = (ceilings[-2]["rps"] + ceilings[-1]["rps"]) / 2
        rows.append(row)
        print(
            f"  {install:<10} {name:<16} {row.get('rps', 0):>7.0f} req/s, "
            f"ceiling {row.get('ceiling', 0):>5.0f}  {path}",
            flush=True,
        )
    return rows, ceilings


def home_weight(base):
    """Return (html, css and js) bytes of the home page, gzip-compressed."""
    _, html, _ = fetch(base + "/")
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    weights = {"HTML": len(gzip.compress(html))}
    for path in assets:
        _, body, headers = fetch(base + path.decode(), {"Accept-Encoding": "gzip"})
        compressed = headers.get("Content-Encoding") == "gzip"
        weights[path.decode()] = len(body) if compressed else len(gzip.compress(body))
    return weights


def milliseconds(value):
    # wrk reports no percentiles when no request finished in time.
    return "–" if value is None else f"{value:.1f}"


def table(rows, ceilings):
    def mean(key):
        values = [run[key] for run in ceilings if run[key] is not None]
        return sum(values) / len(values) if values else None

    lines = [
        "| install | page | URL | status | KB | req/s | p50 ms | p99 ms "
        "| ceiling req/s around it | ratio to ceiling | goals |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---|",
        f"| – | ceiling, mean of {len(ceilings)} runs | `bench/ceiling.py` | 200 | 0 "
        f"| {mean('rps'):.0f} | {milliseconds(mean('p50'))} | {milliseconds(mean('p99'))} "
        "| | 100% | |",
    ]
    for row in rows:
        start = f"| {row['install']} | {row['name']} | `{row['path']}`"
        if "rps" not in row:
            lines.append(f"{start} | {row['status']} (not measured) | | | | | | | |")
            continue
        ratio = row["rps"] / row["ceiling"]
        goal = GOALS[row["install"]]
        if row["path"] == IN_STACK:
            goals = ""
        else:
            met = (
                ratio >= goal["ratio"]
                and row["p99"] is not None
                and row["p99"] < goal["p99_ms"]
                and not row["non_2xx"]
            )
            goals = "met" if met else "NOT met"
            if row["non_2xx"]:
                goals += f" ({row['non_2xx']} non-2xx)"
        lines.append(
            f"{start} | {row['status']} | {row['bytes'] / 1024:.0f} "
            f"| {row['rps']:.0f} | {milliseconds(row['p50'])} | {milliseconds(row['p99'])} "
            f"| {row['ceiling']:.0f} | {ratio:.0%} | {goals} |"
        )
    return "\n".join(lines)


def describe_run(args, server_command):
    from django.db import connection

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        # The results file itself changes with every run.
        ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # A figure must say what code it measured.
    commit = f"`{commit}`" + (" with uncommitted changes" if changed else "")
    page_cache = "off (--no-page-cache)" if args.no_page_cache else "as each install sets it"
    return [
        f"- commit {commit}, database {connection.vendor}, page cache {page_cache}",
        f"- installs: {', '.join(args.installs)} (Redis at {args.redis_url} for all but embedded)",
        f"- servers: `{server_command}` for the hub (DEBUG off), and the same for `bench.ceiling`",
        f"- load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency`, "
        "after a 1 s warm-up per page",
        f"- machine: {os.cpu_count()} cores, shared with wrk and anything else running; "
        f"load average at start {os.getloadavg()[0]:.2f}",
    ]


def main(argv=None):
    args = parse_arguments(argv if argv is not None else sys.argv[1:])
    prepare_environment(args)
    ensure_wrk()

    import django

    django.setup()
    prepare_data(args.regenerate)

    rows, ceilings, weights = [], [], {}
    ceiling_environment = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.ceiling")
    with open(BENCH_DIR / "data" / "gunicorn.log", "w") as log:
        ceiling_server, ceiling_base, _ = start_server(
            args, log, port=args.port + 1, app="bench.ceiling", environment=ceiling_environment
        )
        try:
            wrk(args, ceiling_base + "/", 1)  # warm-up
            for install in args.installs:
                environment = install_environment(args, install)
                if "REDIS_URL" in environment:
                    empty_redis(environment["REDIS_URL"])
                cookie = None
                if install in ("signed-in", "fresh"):
                    cookie = session_cookie(environment)
                if install == "fresh":
                    cookie += "; " + FRESH_COOKIE
                server, base, server_command = start_server(
                    args, log, port=args.port, app="hub.wsgi", environment=environment
                )
                try:
                    print(f"Measuring {install} on {base} ({args.duration} s per page):")
                    install_rows, install_ceilings = measure(
                        args, install, base, ceiling_base + "/", cookie
                    )
                    rows += install_rows
                    ceilings += install_ceilings
                    weights = weights or home_weight(base)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
        finally:
            ceiling_server.terminate()
            ceiling_server.wait(timeout=30)

    description = describe_run(args, server_command)
    result = table(rows, ceilings)
    total = sum(weights.values())
    parts = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in weights.items())
    verdict = "met" if total <= HOME_WEIGHT_LIMIT else "NOT met"
    weight = (
        f"Home page weight, gzip: {total / 1024:.1f} KB ({parts}); "
        f"goal at most {HOME_WEIGHT_LIMIT // 1024} KB: {verdict}."
    )
    goals = "; ".join(
        f"{install}: at least {goal['ratio']:.0%} of the ceiling's req/s, p99 under "
        f"{goal['p99_ms']} ms"
        for install, goal in GOALS.items()
        if install in args.installs
    )
    stamp = datetime.now(UTC)
    report = "\n".join(
        [
            f"## {stamp:%H:%M} UTC",
            "",
            *description,
            f"- load average at end {os.getloadavg()[0]:.2f}; the ceiling is measured before "
            "each install's first page and after each page, and each page is compared with "
            "the mean of the two ceiling runs around it",
            f"- goals: {goals}",
            "",
            result,
            "",
            weight,
            "",
        ]
    )
    print()
    print(report)
    results = BENCH_DIR / "results" / f"{stamp:%Y-%m-%d}.md"
    results.parent.mkdir(exist_ok=True)
    header = "" if results.exists() else f"# Bench results, {stamp:%Y-%m-%d}\n\n"
    with results.open("a") as file:
        file.write(header + report + "\n")
    print(f"Written to {results.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
