"""Rate limits (Flask-Limiter) for the endpoints an attacker would hammer.

Storage is in memory by default and Redis when ``RATELIMIT_STORAGE_URI`` says so
(``redis://host:6379/0``); ``RATELIMIT_ENABLED`` switches every limit off (the test configuration
does). Each limit is a decorator placed under the route's access decorator::

    @bp.route("/sign-in", methods=["GET", "POST"])
    @access.public
    @sign_in_limits
    def sign_in(): ...

- ``sign_in_limits``: 10 sign-in attempts a minute from one address, and 10 a minute for one
  email address (from any address), counted on POST only.
- ``password_reset_limit``: 5 password reset requests an hour from one address (POST only).
- ``password_link_limit``: 10 attempts a minute to use a password link (POST only).

The respondent journey's limits (per respondent, per address, and against guessing links and
resume codes) are in ``valuedcare.survey.limits``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from flask import request
from flask_limiter.util import get_remote_address

from valuedcare.extensions import limiter

F = TypeVar("F", bound=Callable[..., Any])

SIGN_IN_LIMIT = "10 per minute"
RESET_REQUEST_LIMIT = "5 per hour"
RESET_LINK_LIMIT = "10 per minute"


def email_key() -> str:
    """The rate-limit key for the email address in the posted form (hashed, never stored plain)."""
    email = (request.form.get("email") or "").strip().lower()
    return "email:" + hashlib.sha256(email.encode()).hexdigest()[:32]


_per_address = limiter.limit(SIGN_IN_LIMIT, key_func=get_remote_address, methods=["POST"])
_per_email = limiter.limit(SIGN_IN_LIMIT, key_func=email_key, methods=["POST"])


def sign_in_limits(view: F) -> F:
    """Both sign-in limits: per client address and per email address."""
    return _per_address(_per_email(view))  # type: ignore[return-value]


password_reset_limit = limiter.limit(
    RESET_REQUEST_LIMIT, key_func=get_remote_address, methods=["POST"]
)
password_link_limit = limiter.limit(RESET_LINK_LIMIT, key_func=get_remote_address, methods=["POST"])
