"""Friendly error pages: plain words, the right status, never a stack trace.

While the database cannot be reached (restarting, refusing connections), every page answers 503
with ``Retry-After`` and a page saying to try again in a few seconds, never 500: nothing saved is
lost, and clients (and load balancers) know to retry. The API's paths get the same as JSON.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, g, render_template
from flask_wtf.csrf import CSRFError
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException, InternalServerError

from valuedcare.data import health, transaction

log = logging.getLogger(__name__)

PAGES = {400, 403, 404, 405, 413, 429, 500, 503}
RETRY_AFTER_SECONDS = 5


def _render(code: int, **context: object) -> tuple[str, int]:
    template_code = code if code in PAGES else (404 if code < 500 else 500)
    try:
        return render_template(f"errors/{template_code}.html", **context), code
    except TemplateNotFound:
        return render_template("errors/500.html"), code


def unavailable(error: BaseException) -> tuple[str, int, dict[str, str]]:
    """The 503 page for a database that cannot be reached, drawn without asking it anything."""
    from valuedcare.extensions import login_manager

    log.warning("Database unavailable: %s", type(error).__name__)
    transaction.rollback()
    g._login_user = login_manager.anonymous_user()  # the page must not load the user again
    body, code = _render(503)
    return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def make_unavailable(response: Response, error: BaseException) -> Response:
    """Turn ``response`` into the 503 page in place (keeping headers set already), for a
    database lost while the response was being finished (at the commit)."""
    body, code, headers = unavailable(error)
    response.set_data(body)
    response.status_code = code
    response.mimetype = "text/html"
    response.headers.pop("Location", None)
    response.headers.update(headers)
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _render(400, reason="csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int, dict[str, str]]:
        original = getattr(error, "original_exception", None)
        if (
            isinstance(error, InternalServerError)
            and isinstance(original, BaseException)
            and health.is_database_unavailable(original)
        ):
            return unavailable(original)
        body, code = _render(error.code or 500)
        # Keep what the exception says besides its page: Allow on a 405, Retry-After on a 429.
        headers = {
            name: value
            for name, value in error.get_headers()
            if name.lower() in {"allow", "retry-after", "www-authenticate"}
        }
        return body, code, headers

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int] | tuple[str, int, dict[str, str]]:
        if health.is_database_unavailable(error):
            return unavailable(error)
        log.exception("Unhandled error")
        transaction.rollback()
        return _render(500)
