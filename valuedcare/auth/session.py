"""Signed-in sessions: Flask-Login's user loader, signing in and out, sign-out everywhere and
inactivity expiry.

The session cookie (Flask's signed cookie) holds ``_user_id`` as ``"<user id>:<session version>"``
and the key of a session stored on the server (``valuedcare.data.user_sessions``). The loader
accepts the session only while that stored session has not ended and the version equals the user's
``session_version``. Signing out ends this session, so a copy of its cookie is signed out too; "sign
out everywhere", a password change, a role change and deactivation end every session of the user
and raise the version, so every existing session stops working at its next request. A bare
``"<user id>"`` counts as version 1.

Sessions are permanent, last ``PERMANENT_SESSION_LIFETIME`` (30 minutes) and are refreshed by
every request, so they end after 30 minutes without a request: Flask refuses a cookie signed longer
ago than that. ``session_ends_at()`` is when that will happen if the user does nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, g, session
from flask_login import UserMixin, login_user, logout_user

from valuedcare.data import user_sessions, users
from valuedcare.extensions import login_manager

#: The key in the signed cookie that holds the stored session's key.
SESSION_KEY = "_session_key"


@dataclass(frozen=True, eq=False)
class SignedInUser(UserMixin):
    """``flask_login.current_user`` for a signed-in person: a copy of their account."""

    id: int
    email: str
    name: str
    role: str
    organisation_id: int | None
    organisation_name: str | None
    session_version: int

    @classmethod
    def from_account(cls, account: users.Account) -> SignedInUser:
        return cls(
            id=account.id,
            email=account.email,
            name=account.name,
            role=account.role,
            organisation_id=account.organisation_id,
            organisation_name=account.organisation_name,
            session_version=account.session_version,
        )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def display_name(self) -> str:
        return self.name or self.email


def parse_session_id(value: str) -> tuple[int, int] | None:
    """(user id, session version) from the session's ``_user_id``; None when malformed."""
    user_id, _, version = str(value).partition(":")
    if not user_id.isdigit() or (version and not version.isdigit()):
        return None
    return int(user_id), int(version or 1)


def load_user(value: str) -> SignedInUser | None:
    """Flask-Login's user loader: the active account whose session version still matches."""
    parsed = parse_session_id(value)
    if parsed is None:
        return None
    account = users.get_account(parsed[0])
    if account is None or not account.active or account.session_version != parsed[1]:
        return None
    if not user_sessions.is_session_active(account.id, session.get(SESSION_KEY)):
        return None
    return SignedInUser.from_account(account)


def start_signed_in_session(user: SignedInUser) -> None:
    """Sign ``user`` in with a fresh cookie and a new stored session."""
    session.clear()
    login_user(user)
    session[SESSION_KEY] = user_sessions.start_session(user.id)
    session.permanent = True


def end_signed_in_session() -> None:
    """End this session on the server and clear the cookie."""
    user_sessions.end_session(session.get(SESSION_KEY))
    logout_user()
    session.clear()


def keep_sessions_permanent() -> None:
    """Before every request: load the user afresh (an application context shared by several
    requests, as in tests, must not keep the previous request's user), and make a signed-in
    session last the configured idle time from now."""
    g.pop("_login_user", None)
    if "_user_id" in session:
        session.permanent = True


def session_ends_at(now: datetime | None = None) -> datetime:
    """When the current session will end if nothing else is requested (UTC)."""
    lifetime = current_app.permanent_session_lifetime
    if not isinstance(lifetime, timedelta):  # pragma: no cover - Flask converts seconds
        lifetime = timedelta(seconds=int(lifetime))
    return (now or datetime.now(UTC)) + lifetime


def init_login(app: Flask) -> None:
    """Configure Flask-Login and the session hooks for ``app`` (called once per app)."""
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see this page."
    login_manager.login_message_category = "important"
    login_manager.session_protection = "basic"
    app.before_request(keep_sessions_permanent)
