"""Liveness and readiness: what a load balancer and Docker ask each app server.

HealthMiddleware answers them before the Host header is checked; they have
no URL of their own.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.http import require_GET

logger = logging.getLogger("hub.health")


@require_GET
def healthz(request):
    """Liveness: the process answers. Touches neither database nor cache."""
    return JsonResponse({"status": "ok"})


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache_answers():
    # The cache turns its errors into misses (content/pagecache/backends.py): a value that does
    # not come back means the hub runs without it, slower but whole.
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    answer = cache.get(key)
    cache.delete(key)
    return "ok" if answer == "ok" else "degraded"


def _migrations_applied():
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "ok" if not pending else f"{len(pending)} pending"


@require_GET
def readyz(request):
    """Readiness: the database answers and no migration is pending.

    Answer 503 while either is wrong, so a load balancer sends no traffic to
    this server until the release has migrated the database. A cache that
    does not answer is reported as degraded, with a 200: every page works
    without it.
    """
    checks = {}
    for name, check in [
        ("database", _database_answers),
        ("cache", _cache_answers),
        ("migrations", _migrations_applied),
    ]:
        try:
            checks[name] = check()
        except Exception as error:  # whatever breaks, this server is not ready
            logger.warning("readiness check failed", extra={"check": name, "error": str(error)})
            checks[name] = "unreachable"
    ready = checks["database"] == checks["migrations"] == "ok"
    status = "unavailable" if not ready else "ok" if checks["cache"] == "ok" else "degraded"
    return JsonResponse(
        {"status": status, "checks": checks},
        status=200 if ready else 503,
        headers={"Cache-Control": "no-store"},
    )
