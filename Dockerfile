# syntax=docker/dockerfile:1
# The Technical Hub: gunicorn serving the hub as a non-root user.
# Build:  docker build -t technical-hub .
# Run:    docker run -p 8000:8000 -e SECRET_KEY=... -e DATABASE_URL=... technical-hub
# docs/deployment.md lists the processes (web, worker, release).
# `make check-dockerfile` lints this file and runs its install, collectstatic,
# start and health-check commands in a fresh virtualenv: keep them in step.

# Stage 1: install the requirements into a virtualenv. Anything a package
# needs to build stays in this stage; only the virtualenv moves on.
FROM python:3.13-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --require-hashes --requirement /tmp/requirements.txt

# Stage 2: the image that runs.
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    PORT=8000
# DejaVu Sans prints any name on a certificate, not only Latin-1 ones. Its
# version is the base image's Debian release's: a pin would break each release.
# hadolint ignore=DL3008
RUN apt-get update && apt-get install --yes --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 hub \
    && useradd --system --no-log-init --uid 10001 --gid hub --home-dir /app hub
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . .
# Static files are collected and hashed once, at build time; the key only
# lets settings load and signs nothing.
RUN SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --no-input -v0
# Uploads land here when media stays on local disk (mount a volume on it);
# without REDIS_URL the workers share their cache in var/cache.
RUN mkdir -p media var/cache && chown 10001:10001 media var/cache
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['PORT']}/healthz\", timeout=4)"]
CMD ["gunicorn", "hub.wsgi"]
