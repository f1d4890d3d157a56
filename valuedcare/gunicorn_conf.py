"""Gunicorn settings for production: ``gunicorn --config valuedcare/gunicorn_conf.py wsgi:app``.

Everything comes from the environment, with defaults that suit one small machine:

``PORT`` (8000)
    The port to listen on, on every interface; ``BIND`` (for example ``unix:/run/valuedcare.sock``
    or ``127.0.0.1:8000``) replaces the whole address when set.
``WEB_CONCURRENCY`` (2)
    Worker processes. Each handles one request at a time, so this is the number of requests
    served at once; about two per CPU core is a good start. The application keeps nothing in
    process memory between requests, so workers (and machines) can be added freely.
``GUNICORN_TIMEOUT`` (30)
    Seconds a worker may spend on one request before the master kills and replaces it.
``GUNICORN_MAX_REQUESTS`` (2000)
    Requests after which a worker is replaced (with jitter), so slow memory growth never builds up.
``LOG_LEVEL`` (info)
    Level of gunicorn's own messages and the application's logs.
``FORWARDED_ALLOW_IPS``
    Read by gunicorn itself: the load balancer addresses trusted for ``X-Forwarded-*`` headers.

Gunicorn's access log is off: the application writes one structured JSON line per request itself
(``valuedcare.request_log``), with the route instead of a raw path, so that invitation tokens and
resume codes never reach the logs. The application is not preloaded: each worker builds its own
application and database connection pool after the fork.
"""

from __future__ import annotations

import os
from pathlib import Path


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise RuntimeError(f"{name} must be a whole number, not {raw!r}.") from error
    if value < 1:
        raise RuntimeError(f"{name} must be 1 or more, not {value}.")
    return value


bind = [os.environ.get("BIND") or f"0.0.0.0:{_positive_int('PORT', 8000)}"]
workers = _positive_int("WEB_CONCURRENCY", 2)
worker_class = "sync"
threads = 1
timeout = _positive_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _positive_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
max_requests = _positive_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max(1, max_requests // 10)
preload_app = False

# The heartbeat file lives in memory (a slow disk can make healthy workers look dead).
if Path("/dev/shm").is_dir():  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# No access log: the application's structured request log replaces it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# Several servers may run on one machine (tests, blue/green): no shared control socket.
control_socket_disable = True

# Gunicorn's own messages and every application log line as JSON on standard error.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "valuedcare.request_log.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": loglevel.upper(), "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        "alembic": {"level": "WARNING"},
    },
}
