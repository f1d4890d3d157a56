"""Access rules for routes. Every view function must carry exactly one of these decorators; a test
walks the URL map and fails when a route has none.

- ``public``: anyone, signed in or not (start pages, health checks, sign-in).
- ``respondent_link``: anyone holding a valid invitation link or resume code; the view checks it.
- ``signed_in(*roles)``: a signed-in, active user with one of ``roles`` (any role when empty).
- ``api_token``: a request bearing an active API token of an active account (``valuedcare.api``
  checks the token; its owner's scope then filters the data exactly as a signed-in session).
  Organisation data is still filtered by ``current_scope()`` inside the data layer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from valuedcare.data.scope import NO_ACCESS, Scope

F = TypeVar("F", bound=Callable[..., Any])

ROLE_LABELS = {
    "platform_admin": "Platform administrator",
    "organisation_admin": "Improvement lead (organisation administrator)",
    "board_member": "Board member",
    "viewer": "Viewer",
}


def _mark(view: Callable[..., Any], rule: str, roles: tuple[str, ...] = ()) -> None:
    view._access_rule = rule  # type: ignore[attr-defined]
    view._access_roles = roles  # type: ignore[attr-defined]


def public(view: F) -> F:
    _mark(view, "public")
    return view


def respondent_link(view: F) -> F:
    _mark(view, "respondent_link")
    return view


def api_token(view: F) -> F:
    """Mark a view that checks a bearer API token itself (see ``valuedcare.api``)."""
    _mark(view, "api_token")
    return view


def signed_in(*roles: str) -> Callable[[F], F]:
    unknown = set(roles) - set(ROLE_LABELS)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from valuedcare.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        _mark(wrapper, "signed_in", roles)
        return wrapper  # type: ignore[return-value]

    return decorator


def current_scope() -> Scope:
    """The signed-in user's scope, or a scope that sees nothing."""
    if not current_user.is_authenticated:
        return NO_ACCESS
    return Scope(
        user_id=current_user.id,
        role=current_user.role,
        organisation_id=current_user.organisation_id,
    )
