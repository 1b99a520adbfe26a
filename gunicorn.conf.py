"""gunicorn's settings, read from the environment (docs/configuration.md).

`gunicorn hub.wsgi` picks this file up from the working directory.
"""

import os

from hub.env import env_bool

# A server that believes X-Forwarded-For or X-Forwarded-Proto must be reached
# only through the proxy that sets them: a client that reached it directly
# could name any address (and so dodge every rate limit) or claim HTTPS. So
# with either trusted it listens on 127.0.0.1 unless HOST says otherwise.
trusts_forwarded_headers = int(os.environ.get("RATELIMIT_TRUSTED_PROXIES", "0")) > 0 or env_bool(
    "SECURE_PROXY_SSL_HEADER", False
)
host = os.environ.get("HOST") or ("127.0.0.1" if trusts_forwarded_headers else "0.0.0.0")
bind = f"{host}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Each worker listens on a socket of its own and the kernel spreads new
# connections between them. On one shared socket the first worker to wake
# took a burst of keep-alive connections and kept them: in 9 of 24 wrk runs
# one worker served all 16 connections, at 40% of the rate (1 in 24 with
# this).
reuse_port = True
# Threads let one worker wait on the database or Redis while another request
# runs; past two they mostly wait for each other (the GIL). wrk at 16
# connections against the bench ceiling on 2 cores: p99 13-15 ms with one
# thread per worker, 14-20 ms with two, 23-29 ms with four.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Replacing a worker after so many requests bounds the damage of a slow memory
# leak, but a busy server would replace one every second or two: at 1000 the
# same p99 went to 70-90 ms. So it is off unless set. The app is loaded once,
# before the workers fork, so that a replaced worker starts at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
preload_app = True
# The hub's own middleware logs each request; gunicorn's access log would
# only repeat it. gunicorn's own lines (start, workers, timeouts) follow
# LOG_FORMAT like the hub's.
accesslog = None
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "formatters": {"json": {"()": "hub.logging.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }
# Heartbeat files on a memory file system: a slow container disk must not make
# gunicorn think its workers hang.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Nothing here runs gunicornc, the image's home folder is read-only, and
# several servers on one host would all claim $HOME/.gunicorn/gunicorn.ctl.
control_socket_disable = True
