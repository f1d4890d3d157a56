"""Friendly error pages: plain words, the right status, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PAGES = {400, 403, 404, 405, 413, 429, 500}


def _render(code: int, **context: object) -> tuple[str, int]:
    template_code = code if code in PAGES else (404 if code < 500 else 500)
    try:
        return render_template(f"errors/{template_code}.html", **context), code
    except TemplateNotFound:
        return render_template("errors/500.html"), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _render(400, reason="csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int, dict[str, str]]:
        body, code = _render(error.code or 500)
        # Keep what the exception says besides its page: Allow on a 405, Retry-After on a 429.
        headers = {
            name: value
            for name, value in error.get_headers()
            if name.lower() in {"allow", "retry-after", "www-authenticate"}
        }
        return body, code, headers

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        log.exception("Unhandled error")
        from valuedcare.extensions import db

        db.session.rollback()
        return _render(500)
