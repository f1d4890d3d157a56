"""Blueprint "api": the read-only JSON API for analysts, and the pages that manage API tokens.

- ``/api/tokens``: signed-in users create, list and revoke their personal API tokens (HTML).
- ``/api/openapi.json``: the OpenAPI 3.1 description (public).
- ``/api/v1/...``: the nested blueprint ``api.v1``, authenticated by ``Authorization: Bearer``
  tokens. It is exempt from CSRF protection (no cookies are used and every endpoint is GET
  only) and rate limited per token (``API_RATE_LIMIT``, 300 a minute by default; per client
  address for requests without a token). Its errors are JSON.
"""

import hashlib

from flask import Blueprint, current_app
from flask_limiter.util import get_remote_address

from valuedcare.api.errors import bearer_token, json_errors
from valuedcare.extensions import csrf, limiter

API_RATE_LIMIT = "300 per minute"

bp = Blueprint("api", __name__, url_prefix="/api")
v1 = Blueprint("v1", __name__, url_prefix="/v1")


def _rate_limit() -> str:
    return str(current_app.config.get("API_RATE_LIMIT", API_RATE_LIMIT))


def _rate_limit_key() -> str:
    token = bearer_token()
    if token:
        return "api-token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return "api-address:" + (get_remote_address() or "")


csrf.exempt(v1)
limiter.limit(_rate_limit, key_func=_rate_limit_key)(v1)
bp.after_app_request(json_errors)

from valuedcare.api import routes, tokens  # noqa: E402,F401

bp.register_blueprint(v1)

__all__ = ["bp", "v1"]
