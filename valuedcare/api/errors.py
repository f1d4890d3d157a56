"""JSON errors for the API, and the bearer-token check.

Every error under ``/api/v1/`` and ``/api/openapi.json`` is JSON with the ``schemas.Error`` shape:
errors raised by the API's own views (``ApiError``) directly, and everything else (an unknown
URL, a method that is not allowed, a rate limit, an unexpected failure) by turning the
application's HTML error page into JSON after the fact, keeping its status and headers (such as
``Allow`` and ``Retry-After``). The token pages under ``/api/tokens`` keep the HTML error pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Response, current_app, g, request

from valuedcare import access
from valuedcare.api.schemas import Error
from valuedcare.data import api_tokens
from valuedcare.data.scope import Scope

F = TypeVar("F", bound=Callable[..., Any])

JSON_PATHS = ("/api/v1/", "/api/openapi.json")

CODES = {
    400: ("bad_request", "The request is not valid."),
    401: ("unauthorised", "Send a valid API token: Authorization: Bearer <token>."),
    403: ("forbidden", "Your account may not see this."),
    404: ("not_found", "There is nothing here, or your account may not see it."),
    405: ("method_not_allowed", "The API is read-only: use GET."),
    413: ("payload_too_large", "The request is too large."),
    429: ("too_many_requests", "Too many requests: wait a minute and try again."),
    500: ("server_error", "Something went wrong on our side. Try again later."),
    503: (
        "service_unavailable",
        "The service is unavailable for a moment. Try again in a few seconds (see Retry-After); "
        "nothing saved is lost.",
    ),
}


class ApiError(Exception):
    """An error answer of the API (status and a sentence for people)."""

    def __init__(self, status: int, message: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message or CODES.get(status, CODES[500])[1]


def error_body(status: int, message: str | None = None) -> str:
    code, default = CODES.get(status, ("server_error" if status >= 500 else "error", "Error."))
    error = Error(status=status, error=code, message=message or default)
    return json.dumps(error.model_dump(mode="json"))


def error_response(error: ApiError) -> Response:
    response = Response(error_body(error.status, error.message), status=error.status)
    response.mimetype = "application/json"
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def is_json_path(path: str) -> bool:
    return path == "/api/v1" or any(path.startswith(prefix) for prefix in JSON_PATHS)


def json_errors(response: Response) -> Response:
    """After every request: an HTML error page under the API's paths becomes a JSON error."""
    if (
        response.status_code >= 400
        and response.mimetype != "application/json"
        and is_json_path(request.path)
    ):
        response.set_data(error_body(response.status_code))
        response.mimetype = "application/json"
        if response.status_code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        if response.status_code == 405 and "Allow" not in response.headers:
            adapter = current_app.url_map.bind_to_environ(request.environ)
            response.headers["Allow"] = ", ".join(sorted(adapter.allowed_methods()))
    return response


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if there is one."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def token_required(view: F) -> F:
    """Answer 401 unless the request carries an active token of an active account; the view then
    reads the token's scope from ``token_scope()``."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = bearer_token()
        owner = api_tokens.authenticate_token(token) if token else None
        if owner is None:
            raise ApiError(401)
        g.api_token_owner = owner
        return view(*args, **kwargs)

    wrapper._token_required = True  # type: ignore[attr-defined]
    return access.api_token(wrapper)  # type: ignore[return-value]


def token_scope() -> Scope:
    return g.api_token_owner.scope
