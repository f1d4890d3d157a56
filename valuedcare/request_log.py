"""Structured request logs: one JSON line per request.

Each line holds the method, a safe path, the route, the status, the duration in milliseconds and a
request id (taken from a well-formed ``X-Request-ID`` header set by the load balancer, or made
here) that is echoed in the response so that a user's report can be matched to the log.

Nothing secret is written: never the query string, never a form field, header or cookie, and never
the value of a URL part that carries an invitation token, a resume code or any other secret. The
values bound to a failed SQL statement are cut out of logged tracebacks too. Those
are replaced by their name, as in ``/s/<token>``. Paths that match no route have any long
random-looking segment replaced in the same way. No IP address or user agent is logged either, so
that an anonymous respondent cannot be identified from the logs.

The timing and status are taken around the whole WSGI application, so requests that fail outside
a view (including a failed commit) are logged with their real status.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, request

log = logging.getLogger("valuedcare.request")

#: URL parts whose values are never logged.
SECRET_PARAMETER = re.compile(r"token|code|secret|key|password|hash|signature|nonce", re.I)
#: A segment of an unmatched path that may be a token: 20 or more URL-safe characters, or 16 or
#: more mixing letters and digits (a random token has no digit about once in 250 times).
_RANDOM_SEGMENT = re.compile(
    r"^(?:[A-Za-z0-9_\-.~=%]{20,}|(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-.~=%]{16,})$"
)
#: The bound values SQLAlchemy prints in a database error: answers, hashes, emails. Never logged.
_SQL_PARAMETERS = re.compile(r"^\[parameters: .*\]$", re.M)
_INCOMING_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{8,64}$")
_ENVIRON_PATH = "valuedcare.log_path"
_ENVIRON_ROUTE = "valuedcare.log_route"
_ENVIRON_REQUEST_ID = "valuedcare.request_id"


class JsonFormatter(logging.Formatter):
    """Any log record as one JSON object; request records carry their fields at the top level."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "request_fields", {}))
        request_id = _current_request_id()
        if request_id and "request_id" not in entry:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = _SQL_PARAMETERS.sub(
                "[parameters hidden]", self.formatException(record.exc_info)
            )
        return json.dumps(entry, default=str)


def _current_request_id() -> str | None:
    try:
        return g.get("request_id")
    except RuntimeError:  # outside a request
        return None


def safe_path(rule: str | None, view_args: Mapping[str, Any] | None, raw_path: str) -> str:
    """The path to log: the route with its values, except secret ones, or a scrubbed raw path."""
    if rule is None:
        return "/".join(
            "<redacted>" if _RANDOM_SEGMENT.match(part) else part for part in raw_path.split("/")
        )
    args = view_args or {}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if SECRET_PARAMETER.search(name) or name not in args:
            return f"<{name}>"
        return str(args[name])

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", replace, rule)


def _remember_route() -> None:
    """Before each matched request: the safe path and the request id, for the log and the app."""
    rule = request.url_rule.rule if request.url_rule is not None else None
    request.environ[_ENVIRON_ROUTE] = rule
    request.environ[_ENVIRON_PATH] = safe_path(rule, request.view_args, request.path)
    g.request_id = request.environ.get(_ENVIRON_REQUEST_ID)


class RequestLogMiddleware:
    """Wraps the WSGI application: request id, status and duration of every request."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        started = time.perf_counter()
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _INCOMING_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        environ[_ENVIRON_REQUEST_ID] = request_id
        status: list[int] = [500]

        def logging_start_response(status_line: str, headers: list, exc_info: Any = None) -> Any:
            status[0] = int(status_line.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append(("X-Request-ID", request_id))
            return start_response(status_line, headers, exc_info)

        try:
            return self.wsgi_app(environ, logging_start_response)
        finally:
            _log_request(environ, request_id, status[0], time.perf_counter() - started)


def _log_request(environ: Mapping[str, Any], request_id: str, status: int, seconds: float) -> None:
    raw_path = environ.get("PATH_INFO", "") or "/"
    path = environ.get(_ENVIRON_PATH) or safe_path(None, None, raw_path)
    fields = {
        "event": "request",
        "method": environ.get("REQUEST_METHOD", ""),
        "path": path,
        "route": environ.get(_ENVIRON_ROUTE),
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "request_id": request_id,
    }
    level = logging.ERROR if status >= 500 else logging.INFO
    log.log(level, "%s %s %s", fields["method"], path, status, extra={"request_fields": fields})


def init_app(app: Flask) -> None:
    """Log every request of ``app`` as JSON (to standard error unless logging is set up already)."""
    if not app.config.get("REQUEST_LOG_ENABLED", True) or "request_log" in app.extensions:
        return
    app.extensions["request_log"] = True
    # First of all before-request functions, so that one answering early is still logged safely.
    app.before_request_funcs.setdefault(None, []).insert(0, _remember_route)
    app.wsgi_app = RequestLogMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    if not app.testing and not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        log.addHandler(handler)
        log.propagate = False
    if log.level == logging.NOTSET:
        log.setLevel(logging.INFO)
