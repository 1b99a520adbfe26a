"""Measure each public page against the stack's ceiling, side by side.

    python -m bench.run [--duration 10] [--connections 16] [--workers 2]

Generates the data set when the bench database lacks it, serves the hub as
in production (gunicorn, DEBUG off; SQLite in bench/data/ by default,
PostgreSQL when DATABASE_URL says so), loads every page with wrk in the same
run against the same server as the ceiling view, prints a table and appends
it to bench/results/<date>.md.
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
CEILING = "/bench/ceiling/"
GOAL_RATIO = 0.5
GOAL_P99_MS = 50
HOME_WEIGHT_LIMIT = 50 * 1024


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8800")))
    parser.add_argument("--regenerate", action="store_true", help="rebuild the data set")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="render every request (PAGE_CACHE=0)"
    )
    return parser.parse_args(argv)


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
    from hub.pagecache import forget_generation

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


def start_server(args, log):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "hub.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
    ]
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(100):
        try:
            if fetch(base + "/healthz")[0] == 200:
                return server, base, " ".join(command[1:])
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on {base}; see {log.name}")


def fetch(url, headers=None):
    """Return (status, body bytes, headers) of a GET."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def wrk(args, url, duration):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration}s",
        "--latency",
        url,
    ]
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


def measure(args, base):
    """Load the ceiling first and again after each page, and compare each page
    with the ceiling measured right around it: the machine's load drifts."""
    wrk(args, base + CEILING, 2)
    ceilings = [wrk(args, base + CEILING, args.duration)]
    rows = []
    for name, path in targets():
        status, body, _ = fetch(base + path)
        row = {"name": name, "path": path, "status": status, "bytes": len(body)}
        if status == 200:
            wrk(args, base + path, 2)  # warm-up: caches, connections, imports
            row |= wrk(args, base + path, args.duration)
            ceilings.append(wrk(args, base + CEILING, args.duration))
            row["ceiling"] = (ceilings[-2]["rps"] + ceilings[-1]["rps"]) / 2
        rows.append(row)
        print(
            f"  {name:<16} {row.get('rps', 0):>7.0f} req/s, ceiling {row.get('ceiling', 0):>5.0f}"
            f"  {path}",
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
        "| page | URL | status | KB | req/s | p50 ms | p99 ms | ceiling req/s around it "
        "| ratio to ceiling | goals |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|",
        f"| ceiling, mean of {len(ceilings)} runs | `{CEILING}` | 200 | 0 | {mean('rps'):.0f} "
        f"| {milliseconds(mean('p50'))} | {milliseconds(mean('p99'))} | | 100% | |",
    ]
    for row in rows:
        if "rps" not in row:
            note = "not built on this branch" if row["status"] == 404 else "not measured"
            lines.append(
                f"| {row['name']} | `{row['path']}` | {row['status']} ({note}) | | | | | | | |"
            )
            continue
        ratio = row["rps"] / row["ceiling"]
        met = (
            ratio >= GOAL_RATIO
            and row["p99"] is not None
            and row["p99"] < GOAL_P99_MS
            and not row["non_2xx"]
        )
        goals = "met" if met else "NOT met"
        if row["non_2xx"]:
            goals += f" ({row['non_2xx']} non-2xx)"
        lines.append(
            f"| {row['name']} | `{row['path']}` | {row['status']} | {row['bytes'] / 1024:.0f} "
            f"| {row['rps']:.0f} | {milliseconds(row['p50'])} | {milliseconds(row['p99'])} "
            f"| {row['ceiling']:.0f} | {ratio:.0%} | {goals} |"
        )
    return "\n".join(lines)


def describe_run(args, server_command):
    from django.conf import settings
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
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [
        f"- commit {commit}, database {connection.vendor}, cache {cache}, "
        f"page cache {'on' if settings.PAGE_CACHE else 'off'}",
        f"- server: `{server_command}` (DEBUG off)",
        f"- load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency`, "
        "after a 2 s warm-up per page",
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

    with open(BENCH_DIR / "data" / "gunicorn.log", "w") as log:
        server, base, server_command = start_server(args, log)
        try:
            description = describe_run(args, server_command)
            print(f"Measuring on {base} ({args.duration} s per page):")
            rows, ceilings = measure(args, base)
            weights = home_weight(base)
        finally:
            server.terminate()
            server.wait(timeout=30)

    result = table(rows, ceilings)
    total = sum(weights.values())
    parts = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in weights.items())
    verdict = "met" if total <= HOME_WEIGHT_LIMIT else "NOT met"
    weight = (
        f"Home page weight, gzip: {total / 1024:.1f} KB ({parts}); "
        f"goal at most {HOME_WEIGHT_LIMIT // 1024} KB: {verdict}."
    )
    stamp = datetime.now(UTC)
    report = "\n".join(
        [
            f"## {stamp:%H:%M} UTC",
            "",
            *description,
            f"- load average at end {os.getloadavg()[0]:.2f}; the ceiling is measured first "
            "and after each page, and each page is compared with the mean of the two "
            "ceiling runs around it",
            f"- goals: at least {GOAL_RATIO:.0%} of the ceiling's req/s and p99 under "
            f"{GOAL_P99_MS} ms",
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
