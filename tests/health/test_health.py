"""Liveness and readiness: what a load balancer and Docker ask each app server."""

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings


def test_liveness_answers_json_without_touching_the_database(client):
    # No `db` fixture: pytest-django fails any query made here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["hub.example.com"])
def test_probes_by_address_over_plain_http_are_answered(client):
    # A load balancer calls the server by its IP, not the public host name.
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/robots.txt", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_ready_when_database_cache_and_migrations_are_fine(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_pending(client):
    MigrationRecorder.Migration.objects.filter(app="faq").latest("id").delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"] == "1 pending"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_ready_but_degraded_when_the_cache_cannot_be_reached(client):
    # Nothing listens on this port (issue 9's own range), so Redis is "down".
    unreachable = {
        "default": {
            "BACKEND": "content.pagecache.backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:8999/0",
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "degraded", "migrations": "ok"},
    }
