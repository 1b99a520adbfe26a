"""Run Lighthouse against the hub served as in production, and print its scores.

`make lighthouse` installs Lighthouse from npm into .tools/ and runs this. It
prepares a database of its own (migrations and the demo content), collects the
static files, serves the hub with gunicorn and DEBUG off, runs Lighthouse with
Debian's chromium (CHROME_PATH) on the home, library, FAQ and a session page,
and prints the four category scores of each. The server stops at the end.

    python bench/lighthouse.py [--port 8765] [-- extra Lighthouse arguments]
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".tools" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def server_environment():
    """Return the environment of a production-like local server: DEBUG off,
    plain HTTP on the loopback, a database of its own unless one is given."""
    return os.environ | {
        "DEBUG": "0",
        "SECURE_HTTPS": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{ROOT / '.tools' / 'lighthouse.sqlite3'}"
        ),
        "DJANGO_SETTINGS_MODULE": "hub.settings",
        "LOG_LEVEL": "WARNING",
    }


def manage(environment, *arguments):
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def session_path(environment):
    """Return the path of the first upcoming session, asked of the hub itself."""
    code = (
        "from content.events.models import Session; "
        "print(Session.objects.published().upcoming().first().get_absolute_url())"
    )
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return output.stdout.split()[-1]


def wait_until_up(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The hub did not answer on {url} within {seconds} s.")


def audit(url, extra_arguments):
    """Run Lighthouse on `url`; return its category scores and what it found wrong."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
                *extra_arguments,
            ],
            env=os.environ | {"CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
            check=True,
        )
        result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    # What cost points: every weighted audit short of full marks, with
    # Lighthouse's own explanation or measured value (for speed, the metrics).
    failed = {}
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            found = result["audits"][ref["id"]]
            if ref["weight"] > 0 and found["score"] is not None and found["score"] < 1:
                detail = found.get("explanation") or found.get("displayValue") or found["title"]
                failed[ref["id"]] = detail
    return scores, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("lighthouse_arguments", nargs="*", help="passed on to Lighthouse")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"Lighthouse is not installed at {LIGHTHOUSE}: run `make lighthouse`.")

    environment = server_environment()
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "collectstatic", "--no-input", "-v0")
    manage(environment, "load_demo_content")
    pages = {
        "home": "/",
        "library": "/library/",
        "FAQ": "/faq/",
        "session": session_path(environment),
    }

    base = f"http://127.0.0.1:{options.port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hub.wsgi",
            "--bind",
            base[7:],
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        wait_until_up(base)
        results = {
            name: audit(base + path, options.lighthouse_arguments) for name, path in pages.items()
        }
    finally:
        server.terminate()
        server.wait(timeout=10)

    print()
    print(f"{'page':<10}" + "".join(f"{name:>16}" for name in CATEGORIES))
    for name, (scores, _) in results.items():
        print(f"{name:<10}" + "".join(f"{scores[category]:>16}" for category in CATEGORIES))
    for name, (_, failed) in results.items():
        for audit_id, detail in failed.items():
            print(f"{name}: {audit_id}: {detail}")


if __name__ == "__main__":
    main()
