"""Configuration from the environment: safe defaults, clear errors, a clean deploy check."""

import os
import runpy
import tempfile

from tests.servers import ROOT, python

# Cleared for each command: the outer test run may set them (CI runs on Redis).
CLEARED = {
    "DEBUG",
    "SECRET_KEY",
    "SECURE_HTTPS",
    "DJANGO_SETTINGS_MODULE",
    "REDIS_URL",
    "MEDIA_STORAGE",
}


def _manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in CLEARED}
    # These commands run on no database, and the page cache would ask one when
    # a new generation starts; nor may they share the cache of a real install.
    environment.update(PAGE_CACHE="0", CACHE_DIR=tempfile.mkdtemp(prefix="hub-settings-test-"))
    environment.update(env)
    return python(environment, "manage.py", *args, check=False)


def test_missing_secret_key_is_a_clear_error_when_debug_is_off():
    result = _manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


PRODUCTION = {
    "SECRET_KEY": "a-production-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "hub.example.com",
    "SITE_URL": "https://hub.example.com",
}


def _deploy_check(**env):
    return _manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, **env})


def test_deploy_check_is_clean_with_production_settings():
    result = _deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_site_url_is_left_at_the_local_default():
    environment = {key: value for key, value in PRODUCTION.items() if key != "SITE_URL"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode != 0
    assert "hub.W001" in result.stderr
    assert "Set SITE_URL to the hub's public address" in result.stderr


def test_deploy_check_warns_when_site_url_names_a_host_the_hub_refuses():
    result = _deploy_check(SITE_URL="https://www.hub.example.com")
    assert result.returncode != 0
    assert "hub.W002" in result.stderr
    assert "Add www.hub.example.com to ALLOWED_HOSTS" in result.stderr


def test_deploy_check_leaves_site_url_alone_while_developing():
    result = _manage("check", "--deploy", DEBUG="1", SITE_URL="http://127.0.0.1:9101")
    assert "hub.W00" not in result.stdout + result.stderr


STORAGE_REPORT = (
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__module__ + '.' + type(s).__name__); "
    "print(s.url('assets/guide.pdf'))"
)


def test_media_stays_on_local_disk_by_default():
    result = _manage("shell", "--no-imports", "-c", STORAGE_REPORT, SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    backend, url = result.stdout.split()
    assert backend == "content.core.storage.MediaStorage"
    assert url == "/media/assets/guide.pdf"


def test_media_goes_to_s3_compatible_storage_when_configured():
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        STORAGE_REPORT,
        SECRET_KEY="x" * 50,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="hub-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.com",
        AWS_S3_REGION_NAME="eu-west-2",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    assert result.returncode == 0, result.stderr
    backend, url = result.stdout.split()
    assert backend == "storages.backends.s3.S3Storage"
    # Signing a link needs no network, and says where the file lives.
    assert url.startswith("https://objects.example.com/hub-media/assets/guide.pdf?")
    assert "Signature=" in url or "X-Amz-Signature=" in url


def test_redis_holds_the_cache_and_sessions_stay_in_the_database():
    report = (
        "from django.conf import settings; "
        "from django.core.cache import caches; "
        "from content.pagecache.backends import RedisCache; "
        "print(isinstance(caches['default'], RedisCache)); print(settings.SESSION_ENGINE)"
    )
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        report,
        SECRET_KEY="x" * 50,
        REDIS_URL="redis://127.0.0.1:6379/9",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        # Redis holds only what can be lost: sessions are read through it but
        # kept in the database, so a stopped Redis logs nobody out.
        "django.contrib.sessions.backends.cached_db",
    ]


def test_by_default_sessions_stay_in_the_database_and_emails_wait_for_the_worker():
    report = (
        "from django.conf import settings; from django.tasks import task_backends; "
        "print(settings.SESSION_ENGINE); print(type(task_backends['default']).__name__)"
    )
    result = _manage("shell", "--no-imports", "-c", report, SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.contrib.sessions.backends.cached_db",
        "DatabaseBackend",
    ]


HSTS_HEADER = (
    "from django.test import Client; "
    "print(Client().get('/robots.txt', secure=True, HTTP_HOST='hub.example.com')"
    "['Strict-Transport-Security'])"
)


def test_hsts_over_https_leaves_out_subdomains_and_preload_by_default():
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        HSTS_HEADER,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="hub.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "max-age=31536000"


def test_hsts_subdomains_and_preload_are_each_switched_on_by_a_setting():
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        HSTS_HEADER,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="hub.example.com",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "max-age=31536000; includeSubDomains; preload"


def _gunicorn_bind(monkeypatch, **env):
    for name in ("HOST", "PORT", "RATELIMIT_TRUSTED_PROXIES", "SECURE_PROXY_SSL_HEADER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))["bind"]


def test_gunicorn_listens_only_on_loopback_whenever_forwarded_headers_are_trusted(monkeypatch):
    assert _gunicorn_bind(monkeypatch) == "0.0.0.0:8000"
    assert _gunicorn_bind(monkeypatch, RATELIMIT_TRUSTED_PROXIES="1") == "127.0.0.1:8000"
    assert _gunicorn_bind(monkeypatch, SECURE_PROXY_SSL_HEADER="1") == "127.0.0.1:8000"
    assert _gunicorn_bind(monkeypatch, SECURE_PROXY_SSL_HEADER="0") == "0.0.0.0:8000"
    # The owner may still choose, e.g. a private network only the proxy reaches.
    bind = _gunicorn_bind(monkeypatch, RATELIMIT_TRUSTED_PROXIES="1", HOST="10.0.0.5", PORT="9000")
    assert bind == "10.0.0.5:9000"
