"""Security headers, the strict Content-Security-Policy and one commit per request.

The policy allows scripts, styles, fonts and connections from this site only (plus the nonce of the
design system's one inline script), no plugins, no framing and forms posting only here: never
``unsafe-inline`` or ``unsafe-eval``.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g


def content_security_policy(nonce: str | None) -> str:
    script = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(g.get("csp_nonce")))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if response.mimetype == "text/html":
        headers.setdefault("Cache-Control", "no-store")
    return response


def _commit_or_rollback(response: Response) -> Response:
    """Exactly one commit per request: only when the response is a success or a redirect
    (``data.transaction``). A database lost at the commit gives the 503 page."""
    from valuedcare.data import transaction

    error = transaction.end_request(response.status_code < 400)
    if error is None:
        _send_queued_now(response)
        return response
    from valuedcare.errors import make_unavailable

    return make_unavailable(response, error)


def _send_queued_now(response: Response) -> None:
    """Development only (``OUTBOX_SEND_AFTER_REQUEST``): deliver what the request queued, so
    ``make run`` shows invitations in the log at once. Never breaks the request."""
    if not (
        response.status_code < 400
        and g.get("outbox_queued")
        and current_app.config.get("OUTBOX_SEND_AFTER_REQUEST")
    ):
        return
    from valuedcare.mail import deliver_now

    deliver_now()


def refuse_unsafe_production(app: Flask) -> None:
    """Stop a production application from starting with settings changed after its
    configuration was read (``create_app(ProductionConfig, DEBUG=True)`` and the like)."""
    from valuedcare.config import ConfigurationError, secret_key_problem

    config = app.config
    if config.get("ENV_NAME") != "production":
        return
    if app.debug or config.get("DEBUG") or config.get("TESTING"):
        raise ConfigurationError("Debug and testing modes must not be switched on in production.")
    problem = secret_key_problem(config.get("SECRET_KEY"))
    if problem:
        raise ConfigurationError(problem)
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        raise ConfigurationError("DATABASE_URL must be set in production.")
    if not (config.get("SESSION_COOKIE_SECURE") and config.get("SESSION_COOKIE_HTTPONLY")):
        raise ConfigurationError("Session cookies must be Secure and HttpOnly in production.")
    if not config.get("WTF_CSRF_ENABLED", True):
        raise ConfigurationError("CSRF protection must be on in production.")


def init_app(app: Flask) -> None:
    refuse_unsafe_production(app)
    app.after_request(_commit_or_rollback)
    app.after_request(_set_headers)
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.after_request(_strict_transport_security)


def _strict_transport_security(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
