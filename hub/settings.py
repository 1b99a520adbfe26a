"""Settings for the Technical Hub.

Every value that differs between a laptop and production comes from the
environment, with a default that is safe: DEBUG is off unless asked for, HTTPS
is enforced whenever DEBUG is off, and no secret lives in the repository.
Each concern has one block below, and each variable is read once, in its
block; docs/configuration.md lists them all.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.log import DEFAULT_LOGGING

from hub.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


# --- The site -----------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

# The name pages, feeds, calendar files, emails and the admin give the site.
SITE_NAME = os.environ.get("SITE_NAME", "Technical Hub")
# The public address: every absolute address the hub writes (canonical links,
# the sitemap, the search API, emails) is built from it (content.core.links),
# never from the Host header, and a cron job has no request to take it from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Where the admin lives; a less obvious path keeps some noise away.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
# The team's address, offered where a form cannot be used (the 429 page);
# empty: not shown.
TEAM_EMAIL = os.environ.get("TEAM_EMAIL", "")


# --- Applications -------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "content.core.apps.TagsConfig",
    "content.core",
    "content.faq",
    "content.library",
    "content.events",
    "content.areas",
    "content.search",
    "content.enquiries",
    "content.privacy",
    # Revisions are kept by django-reversion; content.history builds the
    # history, compare, restore and drafts on it.
    "reversion",
    "content.history",
    "content.editorial",
    "content.images",
    "content.insights",
    # Accounts: sign-in by emailed code, single sign-on and a second factor
    # (django-allauth); content.accounts adds organisations and audiences.
    "content.accounts",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    # Site-wide features, one app each (README, "Layout").
    "content.demo",
    "content.home",
    "content.health",
    "content.safety",
    "content.lockout",
    "content.pagecache",
    "content.outbox",
    "content.seo",
    "axes",
    "django_tasks_db",
]

# The order matters. Response-only header middleware sits near the top so that
# every answer carries the headers, health probes included; the health checks
# answer before CommonMiddleware validates the Host header, since a load
# balancer calls each server by its own address.
MIDDLEWARE = [
    "content.safety.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "content.safety.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "content.safety.middleware.RequestSizeMiddleware",
    "content.health.middleware.HealthMiddleware",
    "content.safety.middleware.BadInputMiddleware",
    "content.safety.middleware.MethodNotAllowedPageMiddleware",
    # Serves stored public pages before the session, CSRF and auth middleware;
    # content.pagecache.middleware.PublicPageCacheMiddleware, last, stores them.
    # Counts views, downloads and searches, those the page cache answers too.
    "content.insights.middleware.InsightsMiddleware",
    "content.pagecache.middleware.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # allauth's request context; it reads no session itself.
    "allauth.account.middleware.AccountMiddleware",
    "content.safety.middleware.StaffIdleTimeoutMiddleware",
    # A second factor for staff who reach personal data (ADMIN_SECOND_FACTOR).
    "content.accounts.second_factor.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "content.core.unsaved.UnsavedWorkMiddleware",
    # Old addresses of items whose slug changed answer 301 to the new one.
    "content.core.middleware.SlugRedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so that a cached page still passes every other middleware.
    "content.pagecache.middleware.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.context_processors.site",
            ],
        },
    },
]


# --- Database -----------------------------------------------------------------
# SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write
    # lock when a transaction starts, so two bookings queue instead of failing
    # half-way with "database is locked". Connections are kept (CONN_MAX_AGE)
    # as on PostgreSQL: opening one and closing it again, which checkpoints
    # the WAL, cost a signed-in request about 4 ms of its 7.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Cache --------------------------------------------------------------------
# Redis holds only what can be lost: sessions and security counters stay in
# the database with or without it, and a stopped Redis logs nobody out.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Without Redis, the workers of this machine share a cache on disk, so that an
# edit made through any of them ends the cached pages of all of them.
CACHE_DIR = os.environ.get("CACHE_DIR", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "content.pagecache.backends.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache error is a miss (content/pagecache/backends.py), and a miss must come
            # fast: Redis answers in a millisecond when it is well.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            # Django's file-based cache, reading the generation cheaper.
            "BACKEND": "content.pagecache.backends.FileCache",
            "LOCATION": CACHE_DIR or str(BASE_DIR / "var" / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }


# --- Page cache ---------------------------------------------------------------
# Public pages get ETag, Cache-Control and 304s (content/pagecache/middleware.py). With
# PAGE_CACHE on, rendered pages are kept in the default cache until something
# they show changes. Every process that can edit shares that cache (Redis, or
# the disk cache above), so it is on by default; with DEBUG a template being
# written shows at once.
PAGE_CACHE = env_bool("PAGE_CACHE", not DEBUG)
# The longest a page stays cached; any edit ends it at once anyway.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
# The most pages stored within PAGE_CACHE_SECONDS (anonymous ones, and apart from
# them those kept for signed-in audiences); past it, pages are served
# fresh until that time is up, so that no flood of addresses fills the cache.
PAGE_CACHE_MAX_PAGES = int(os.environ.get("PAGE_CACHE_MAX_PAGES", "5000"))
# Query parameters no page reads (campaign tracking): ignored in the cache key.
PAGE_CACHE_IGNORED_PARAMETERS = [
    *["utm_*", "fbclid", "gclid", "gbraid", "wbraid", "dclid"],
    *["msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl", "igshid"],
]
# Paths never cached: the admin, previews and the health checks.
PAGE_CACHE_EXCLUDE = ["/" + ADMIN_URL, "/preview/", "/healthz", "/readyz"]
# Each worker process keeps copies of the pages it serves from the cache, up to
# this many bytes, and answers them before Django's handler (hub.wsgi).
PAGE_CACHE_COPY_BYTES = int(os.environ.get("PAGE_CACHE_COPY_BYTES", str(32 * 1024 * 1024)))
# Where a signed-in visitor's own details, marked in a page their audience
# shares, come from (content/pagecache/visitor_details.py).
PAGE_CACHE_VISITOR_DETAILS = "content.accounts.models.booking_details"
# What a page answered from such a copy still passes; the headers the rest of
# MIDDLEWARE gives a page are kept with the copy.
PAGE_CACHE_HIT_MIDDLEWARE = [
    "content.safety.middleware.RequestLogMiddleware",
    "content.insights.middleware.InsightsMiddleware",
]


# --- Sign-in and staff sessions -------------------------------------------------
# The admin's is the only sign-in: when it refuses a `next` that leads off the
# site, it sends the person here instead of Django's /accounts/profile/ (a 404).
LOGIN_REDIRECT_URL = "admin:index"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions are kept in the database and read through the cache: a signed-in
# visitor's request reads Redis (or the disk cache) instead of the database, and
# a cache that is stopped or emptied costs one query, never a session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Staff sessions end after this idle time.
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", "1800"))
# Sign-in lockouts (django-axes, with content/lockout/backoff.py's growing back-off): after
# ADMIN_LOGIN_FAILURE_LIMIT failures of one user name from one IP, that pair
# waits ADMIN_LOCKOUT_SECONDS, doubled by each failure after a lock, up to
# ADMIN_LOCKOUT_MAX_SECONDS. Failures live in the database (every worker sees
# them, Redis may fail) until that long after the last one or a success.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_HANDLER = "content.lockout.backoff.BackoffDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
ADMIN_LOCKOUT_SECONDS = int(os.environ.get("ADMIN_LOCKOUT_SECONDS", "300"))
ADMIN_LOCKOUT_MAX_SECONDS = int(os.environ.get("ADMIN_LOCKOUT_MAX_SECONDS", "86400"))
AXES_COOLOFF_TIME = timedelta(seconds=ADMIN_LOCKOUT_MAX_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "content.lockout.backoff.client_ip"
AXES_USERNAME_CALLABLE = "content.lockout.backoff.client_username"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # waiting is what ends a lock
AXES_LOCKOUT_CALLABLE = "content.lockout.backoff.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # a record of every sign-in is personal data we do not need
AXES_ENABLE_ADMIN = False  # content/lockout/admin.py shows attempts with when each lock ends


# --- Language and time ----------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
# The urlize filter (the local outbox) links bare addresses with https://, as
# Django will by default from 2028.
URLIZE_ASSUME_HTTPS = True


# --- Static files, media and private files ---------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed file names never change content, so browsers may keep them a year.
WHITENOISE_MAX_AGE = 31536000
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private files (enquiry attachments) are kept outside MEDIA_ROOT, with no
# public address, served only to staff who may read them (content.core.uploads).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Media on local disk by default; MEDIA_STORAGE=s3 puts it in an S3-compatible
# bucket through django-storages. Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or the machine's IAM role), read by boto3 itself.
if os.environ.get("MEDIA_STORAGE", "local") == "s3":
    s3_options = {
        "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "location": os.environ.get("AWS_LOCATION", ""),
        # Uploads never overwrite each other and are only reachable through
        # links the hub signs, valid for an hour.
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
    }
    media_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options}
    # Private files go to their own bucket, readable with the hub's keys only.
    private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **s3_options,
            "bucket_name": os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", ""),
            "custom_domain": None,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
else:
    # Django's own, but a write that fails (a full disk) leaves nothing behind.
    media_storage = {"BACKEND": "content.core.storage.MediaStorage"}
    private_storage = {
        "BACKEND": "content.core.uploads.PrivateStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }
STORAGES = {
    "default": media_storage,
    "private": private_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


# --- Email and tasks --------------------------------------------------------------
# Email goes through Django's mailers: the console while developing, SMTP in
# production. EMAIL_BACKEND picks another backend by dotted path; `make run`
# picks the file-based one, whose emails /dev/outbox/ shows (content.outbox).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <hub@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": email_backend}}
if email_backend.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        # Seconds each step of talking to the server may take: a hung server
        # holds a worker this long, then the mail is tried again later.
        "timeout": float(os.environ.get("EMAIL_TIMEOUT", "5")),
    }
elif email_backend == "django.core.mail.backends.filebased.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "file_path": os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails")),
    }
# A mail the server does not take is tried again MAIL_ATTEMPTS times in all,
# the wait doubling from MAIL_RETRY_SECONDS (60 s, 2 min, 4 min... about two
# hours in all), then given up with an error in the log.
MAIL_ATTEMPTS = int(os.environ.get("MAIL_ATTEMPTS", "8"))
MAIL_RETRY_SECONDS = float(os.environ.get("MAIL_RETRY_SECONDS", "60"))
# Mails to an address typed into a public form (receipts, booking emails) per
# address per day; past it they are not sent, and the page says so.
MAIL_PER_ADDRESS_PER_DAY = int(os.environ.get("MAIL_PER_ADDRESS_PER_DAY", "10"))

# Tasks (emails) are stored in the database with the rest of a change and
# sent by `python manage.py db_worker` (django-tasks-db), so a slow or broken
# mail server never holds up a page nor loses a mail. A task still running
# TASK_LEASE_SECONDS after it started belonged to a worker that died: it is
# put back in the queue (content/core/management/commands/db_worker.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_LEASE_SECONDS = float(os.environ.get("TASK_LEASE_SECONDS", "300"))


# --- Security ----------------------------------------------------------------------
# SECURE_HTTPS covers the redirect, HSTS and secure cookies; it is on whenever
# DEBUG is off, and SECURE_HTTPS=0 serves plain HTTP on a private host.
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_HTTPS
# Probes over plain HTTP on a server's own address must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SECURE_HTTPS else 0
# Both bind more than this hub: every subdomain must serve HTTPS too, and a
# preloaded domain takes months to leave the browsers' lists. So each is the
# owner's choice, off until set, and the deploy check does not press for them.
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS and env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = SECURE_HTTPS and env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The site's own 403 page explains a refused form instead of Django's default.
CSRF_FAILURE_VIEW = "content.safety.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The safety nets (content.safety) refuse NUL bytes, give 405s the site's page,
# expire idle staff sessions and set Permissions-Policy.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


# --- Rate limits -------------------------------------------------------------------
# Per client IP, as "count/period" with period s, m, h or d. A form's limit
# counts accepted submissions; every try, valid or not, counts against
# RATELIMIT_TRIES_FACTOR times it (content.core.ratelimit).
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMITS = {
    "registration": os.environ.get("RATELIMIT_REGISTRATION", "50/h"),
    "contact": os.environ.get("RATELIMIT_CONTACT", "30/h"),
    "search-api": os.environ.get("RATELIMIT_SEARCH_API", "120/m"),
    "feedback": os.environ.get("RATELIMIT_FEEDBACK", "30/h"),
    "manage": os.environ.get("RATELIMIT_MANAGE", "30/h"),
    # New search gaps one client may add (see SEARCH_GAPS_MAX below).
    "search-gaps": os.environ.get("RATELIMIT_SEARCH_GAPS", "30/h"),
    # Sign-in codes asked for, and second-factor codes typed (content.accounts).
    "login-code": os.environ.get("RATELIMIT_LOGIN_CODE", "20/h"),
    "second-factor": os.environ.get("RATELIMIT_SECOND_FACTOR", "30/h"),
}
# Accepted submissions per email address typed into the form, so that
# colleagues behind one office address keep their own count.
RATELIMITS_PER_EMAIL = {
    "registration": os.environ.get("RATELIMIT_REGISTRATION_PER_EMAIL", "10/h"),
    "contact": os.environ.get("RATELIMIT_CONTACT_PER_EMAIL", "5/h"),
    "login-code": os.environ.get("RATELIMIT_LOGIN_CODE_PER_EMAIL", "5/h"),
}
RATELIMIT_TRIES_FACTOR = int(os.environ.get("RATELIMIT_TRIES_FACTOR", "3"))
# How many reverse proxies in front of the hub append to X-Forwarded-For.
# 0 (the default) ignores the header, which a client can forge.
RATELIMIT_TRUSTED_PROXIES = int(os.environ.get("RATELIMIT_TRUSTED_PROXIES", "0"))


# --- Logging -----------------------------------------------------------------------
# One JSON object per line (LOG_FORMAT=json, the default), which log shippers
# read without parsing rules; LOG_FORMAT=text is easier on the eye locally.
# Security events (rate limits, lockouts, CSRF failures, bad input, refused
# uploads) go to the "hub.security" logger as one JSON line each, carrying the
# client's IP and no other personal data. A signed link (manage link, enquiry
# receipt) opens someone's details: every handler takes it out of what it
# writes (hub.logging.redact). Django's own lines ("Not Found: /path",
# runserver's) go through these handlers only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact-secrets": {"()": "hub.logging.RedactSecretsFilter"}},
    "formatters": {
        "json": {"()": "hub.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": DEFAULT_LOGGING["formatters"]["django.server"],
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
            "filters": ["redact-secrets"],
        },
        "security": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact-secrets"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact-secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # hub.security has the story
        # fpdf2 subsets the certificate fonts with fontTools, which logs every glyph.
        "fontTools": {"level": "WARNING"},
        "hub.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# ---------------------------------------------------------------------------
# Each area of the hub keeps its own settings below, in its own section.
# ---------------------------------------------------------------------------

# --- Search -----------------------------------------------------------------
# Searches that find nothing are kept as gaps for editors. Past the most gaps
# kept in all, or a client's RATELIMITS["search-gaps"], only gaps already
# kept count up.
SEARCH_GAPS_MAX = int(os.environ.get("SEARCH_GAPS_MAX", "10000"))

# --- Library, feeds and discoverability ------------------------------------
# The largest file an editor may upload as an asset, in megabytes.
LIBRARY_UPLOAD_MAX_BYTES = int(os.environ.get("LIBRARY_UPLOAD_MAX_MB", "50")) * 1024 * 1024
# Request bodies larger than this are refused with a 413 before they are read
# (content.safety.middleware.RequestSizeMiddleware): the largest asset upload, and room
# for the rest of its form. The proxy in front should refuse them too.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", LIBRARY_UPLOAD_MAX_BYTES + 1024 * 1024))
# Images staff upload into the image library (content.images): the largest
# file, in megabytes, and the most pixels (width times height) one may have.
IMAGES_MAX_BYTES = int(os.environ.get("IMAGES_MAX_MB", "10")) * 1024 * 1024
IMAGES_MAX_PIXELS = int(os.environ.get("IMAGES_MAX_PIXELS", "25000000"))


# --- Revisions ----------------------------------------------------------------
# A deleted item stays in "Recently deleted", restorable, for this many days;
# `prune_history` then removes its revisions.
HISTORY_DELETED_DAYS = int(os.environ.get("HISTORY_DELETED_DAYS", "30"))


# --- Phish & Chips booking ---------------------------------------------------
# Registrations one network (an IPv4 /24, an IPv6 /64) may make for one
# session, so that nobody fills a session from one place.
EVENTS_REGISTRATIONS_PER_NETWORK = int(os.environ.get("EVENTS_REGISTRATIONS_PER_NETWORK", "10"))
# Attendees' personal data is removed this many days after their session ends.
EVENTS_PURGE_AFTER_DAYS = int(os.environ.get("EVENTS_PURGE_AFTER_DAYS", "90"))
# A manage link in an email works for this many days after it was sent.
EVENTS_MANAGE_LINK_MAX_AGE_DAYS = int(os.environ.get("EVENTS_MANAGE_LINK_MAX_AGE_DAYS", "180"))
# Certificates of attendance are set in DejaVu Sans (and Bold) from this folder,
# which the Dockerfile fills with Debian's fonts-dejavu-core.
CERTIFICATE_FONT_DIR = os.environ.get("CERTIFICATE_FONT_DIR", "/usr/share/fonts/truetype/dejavu")


# --- Enquiries ---------------------------------------------------------------
# Who hears about a new enquiry: comma-separated addresses of the technical team.
ENQUIRY_NOTIFY_EMAILS = env_list("ENQUIRY_NOTIFY_EMAILS", "")
# The largest file a visitor may attach to an enquiry, in megabytes.
ENQUIRY_ATTACHMENT_MAX_BYTES = int(os.environ.get("ENQUIRY_ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
# The status link in a receipt works for this many days after it was sent.
ENQUIRY_STATUS_LINK_MAX_AGE_DAYS = int(os.environ.get("ENQUIRY_STATUS_LINK_MAX_AGE_DAYS", "365"))


# --- Accounts: sign-in by emailed code, single sign-on, second factor ---------
# Visitors sign in with a code sent to their address (django-allauth's "login
# by code"); they have no password. Staff keep the admin's password sign-in
# (django-axes, above). content.accounts adds organisations and the adapter
# that makes an account on a first sign-in and sends mail through the queue.
ACCOUNT_ADAPTER = "content.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "content.accounts.adapter.SocialAccountAdapter"
ACCOUNT_FORMS = {"request_login_code": "content.accounts.forms.RequestCodeForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # the code itself proves the address
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 5
# Six characters to type, from an alphabet without look-alikes (no vowels, no 0/O).
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"length": 6, "dashed": False}
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SECURE_HTTPS else "http"
# allauth's own limits are off: they take a lock in the cache, and with Redis
# unreachable every request would wait for it and be refused, so nobody could
# sign in. The code requests are counted in the database (RATELIMITS["login-code"]
# above), and wrong codes by ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS.
ACCOUNT_RATE_LIMITS = False
LOGIN_URL = "account_request_login_code"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Domains anyone can have an address at: no organisation may claim them.
ACCOUNTS_PUBLIC_EMAIL_DOMAINS = env_list(
    "ACCOUNTS_PUBLIC_EMAIL_DOMAINS",
    "gmail.com,googlemail.com,outlook.com,hotmail.com,live.com,yahoo.com,icloud.com,"
    "me.com,aol.com,proton.me,protonmail.com,gmx.com,gmx.net,mail.com,yandex.com",
)
# Single sign-on: organisations that sign their people in through their own
# OpenID Connect provider, as a JSON list (docs/accounts.md), e.g.
# [{"id": "acme", "name": "Acme", "server_url": "https://login.acme.example",
#   "client_id": "...", "secret": "...", "domains": ["acme.example"]}]
# Only addresses at an organisation's `domains` may sign in through its provider.
ACCOUNTS_SSO = json.loads(os.environ.get("ACCOUNTS_SSO", "[]") or "[]")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": provider["id"],
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider["secret"],
                "settings": {
                    "server_url": provider["server_url"],
                    "domains": [domain.lower() for domain in provider.get("domains", [])],
                },
            }
            for provider in ACCOUNTS_SSO
        ],
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5
# Staff who reach personal data (superusers and these groups) must also type
# a code from an authenticator app (or a recovery code) before any admin page
# (content.accounts.second_factor, allauth's MFA).
ADMIN_SECOND_FACTOR = env_bool("ADMIN_SECOND_FACTOR", True)
ADMIN_SECOND_FACTOR_GROUPS = env_list(
    "ADMIN_SECOND_FACTOR_GROUPS", "Event managers,Enquiry handlers"
)
MFA_TOTP_ISSUER = SITE_NAME
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]


# --- Insights ------------------------------------------------------------------
# Views, downloads, searches and clicks on search results are counted in each
# process's memory and written in one batch after a response has gone out,
# once this many wait or the oldest has waited this many seconds
# (content/insights/recording.py). They hold nobody's IP, cookie or account.
INSIGHTS_FLUSH_EVENTS = int(os.environ.get("INSIGHTS_FLUSH_EVENTS", "200"))
INSIGHTS_FLUSH_SECONDS = int(os.environ.get("INSIGHTS_FLUSH_SECONDS", "60"))
# Events kept waiting while the database refuses them; past this, dropped.
INSIGHTS_MAX_WAITING = 10_000
# Raw events are removed this many days after they happened (purge_registrations,
# the daily purge); their daily totals are kept for ever.
INSIGHTS_EVENTS_KEEP_DAYS = int(os.environ.get("INSIGHTS_EVENTS_KEEP_DAYS", "400"))
