# The Technical Hub. `make run` serves it with demo content; `make test` passes the tests.
# Both set everything up first, on a fresh clone included.

PORT ?= 8000
# Python keeps compiled modules in __pycache__ unless told not to; where the
# machine tells it not to, every test worker would compile the hub afresh.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
PY := $(VENV)/bin/python
# pyenv reads .python-version (3.13); otherwise the first python3.12+ on PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: run setup venv lock test test-fast typecheck lint format superuser clean check-dockerfile test-scale test-faults bench-search bench-insights bench bench-fresh bench-hits profile lighthouse

run: export DEBUG ?= 1
# Absolute links (emails, the search API, sitemaps) start from SITE_URL.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
# Emails are kept as files and shown on /dev/outbox/; forms may be sent at will.
run: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
run: export RATELIMIT_ENABLE ?= 0
run: setup
	@echo
	@echo "Serving the Technical Hub on http://127.0.0.1:$(PORT)/"
	@echo "Emails are kept, not sent: read them on http://127.0.0.1:$(PORT)/dev/outbox/"
	@echo "Rate limits are $(if $(filter 0 false no off,$(RATELIMIT_ENABLE)),off (RATELIMIT_ENABLE=0),on)."
	@echo "Staff login: run 'make superuser' in another terminal, then open http://127.0.0.1:$(PORT)/admin/"
	@echo "A task worker runs beside the server and hands them to the outbox within a second or two."
	@echo
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

setup: export DEBUG ?= 1
setup: $(VENV)/.installed
	$(PY) manage.py create_database
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py load_demo_content

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "The hub needs Python 3.12 or newer, and none was found on PATH."; \
		echo "Install Python 3.13 (for example with pyenv: 'pyenv install 3.13') and run make again."; \
		exit 1; fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@

# Compile requirements.txt and requirements-dev.txt, every file hashed, from the
# direct dependencies in requirements.in and requirements-dev.in. What is locked
# stays as it is; UPGRADE=name moves one sub-dependency to its newest version
# (a direct one moves by its pin in the .in file). See docs/dependencies.md.
LOCK := $(VENV)/bin/uv pip compile --quiet --generate-hashes --universal --python-version 3.12 \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade-package $(UPGRADE))
lock: $(VENV)/.installed
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) requirements-dev.in -o requirements-dev.txt

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

# What a newcomer runs while working: everything but the browser, concurrency,
# fault and scale tests, spread over every core (pytest-xdist); docs/testing.md
# has its timings.
test-fast: $(VENV)/.installed
	$(PY) -m pytest -n auto -p no:cacheprovider --ignore=tests/browser \
		-m "not scale and not faults and not concurrency" $(PYTEST_ARGS)

# Search speed on generated content: p50/p95 of search() per engine, next to the plain query;
# then relevance (hit@3, MRR of tests/search/relevance.toml) on the demo content.
BENCH_ITEMS ?= 100000
bench-search: $(VENV)/.installed
	$(PY) bench/search/run.py --engine sqlite --items $(BENCH_ITEMS)
	$(PY) bench/search/run.py --engine sqlite --relevance
	$(PY) bench/search/run.py --engine postgresql --items $(BENCH_ITEMS)
	$(PY) bench/search/run.py --engine postgresql --relevance

# The insights page on a year of generated traffic, per engine: p50/p95 of the page for 90, 30 and 7 days.
bench-insights: $(VENV)/.installed
	$(PY) bench/insights/run.py --engine sqlite
	$(PY) bench/insights/run.py --engine postgresql

# mypy, default mode, over the files pyproject.toml's [tool.mypy] names (the services).
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Lint the Dockerfile and run its steps in a fresh virtualenv (Docker cannot build here).
check-dockerfile: $(VENV)/.installed
	.ci/check-dockerfile $(PYTHON)

# Two app servers sharing one PostgreSQL and one Redis (tests/scale); both must be running.
test-scale: $(VENV)/.installed
	$(PY) -m pytest -m scale tests/scale $(PYTEST_ARGS)

# Real services stopped, hung or full under a running hub (tests/faults); `make test`
# runs them too. Prints one line per test: what held, and what broke.
test-faults: $(VENV)/.installed
	$(PY) -m pytest -m faults tests/faults -rA $(PYTEST_ARGS)

# Lighthouse from npm, pinned, in the git-ignored .tools/ (13 needs Node 22; 12.2.3 runs on Node 20).
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE_PORT ?= 8765
lighthouse: $(VENV)/.installed .tools/lighthouse-$(LIGHTHOUSE_VERSION)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) bench/lighthouse.py --port $(LIGHTHOUSE_PORT) -- $(LIGHTHOUSE_ARGS)

.tools/lighthouse-$(LIGHTHOUSE_VERSION):
	npm install --prefix .tools --no-audit --no-fund --save-exact lighthouse@$(LIGHTHOUSE_VERSION)
	@touch $@

superuser: export DEBUG ?= 1
superuser: $(VENV)/.installed
	$(PY) manage.py createsuperuser

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .tools

# Load every public page with wrk next to a minimal Django view (the ceiling),
# on a generated data set; long, so never part of `make test`. BENCH_ARGS=--help.
bench: $(VENV)/.installed
	$(PY) -m bench.run $(BENCH_ARGS)

# Profile one page of the bench data set with pyinstrument: make profile PAGE=/faq/
# (PROFILE_ARGS=--cached profiles page-cache hits instead of renders)
PAGE ?= /
profile: $(VENV)/.installed
	$(PY) -m bench.profile '$(PAGE)' $(PROFILE_ARGS)

# CPU per request of each bench page for a signed-in partner, rendered and stored, through WSGI.
bench-fresh: $(VENV)/.installed
	$(PY) -m bench.fresh

# CPU per page-cache hit of each bench page, through the WSGI application (set REDIS_URL for Redis).
bench-hits: $(VENV)/.installed
	$(PY) -m bench.hits $(HITS_ARGS)
