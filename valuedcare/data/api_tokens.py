"""Personal API tokens: created and revoked by their owner, checked on every API request.

A token is ``vc_`` followed by ``secrets.token_urlsafe(32)`` (256 random bits). It is shown to its
owner once, when it is created; only its SHA-256 hex digest is stored (``token_hash``), with its
first characters (``prefix``) so that the owner can tell their tokens apart. A token acts with
its owner's current role and organisation: deactivating the account, revoking the token or
resetting the account's password stops it at the next request.

``last_used_at`` is written at most once every ``LAST_USED_RESOLUTION`` per token, so reading the
API does not turn every request into a database write.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from valuedcare.data.records import TokenInfo
from valuedcare.data.scope import Scope
from valuedcare.extensions import db
from valuedcare.models import ApiToken, User
from valuedcare.models.base import utcnow

TOKEN_MARK = "vc_"  # noqa: S105 (the visible start of every token, not a secret)
PREFIX_LENGTH = 11  # "vc_" and 8 random characters
MAX_NAME_LENGTH = 100
MAX_TOKENS_PER_USER = 20
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenOwner:
    """Who an accepted token acts for."""

    token_id: int
    user_id: int
    scope: Scope


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256 hex digest."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_MARK + secrets.token_urlsafe(32)


def _info(row: ApiToken) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        name=row.name,
        prefix=row.prefix,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def list_tokens(user_id: int) -> list[TokenInfo]:
    """The user's tokens: active ones first, newest first within each."""
    statement = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return [_info(row) for row in db.session.scalars(statement)]


def count_active_tokens(user_id: int) -> int:
    return sum(1 for token in list_tokens(user_id) if token.active)


def create_token(user_id: int, name: str) -> tuple[str, TokenInfo]:
    """Add a token for the user and flush; returns (the token itself, its info).

    The token is returned only here: the database keeps its hash.
    """
    token = new_token()
    row = ApiToken(
        user_id=user_id,
        name=name.strip()[:MAX_NAME_LENGTH],
        prefix=token[:PREFIX_LENGTH],
        token_hash=hash_token(token),
        created_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    return token, _info(row)


def revoke_token(user_id: int, token_id: int) -> TokenInfo | None:
    """Revoke one of the user's own tokens and flush; None when the user has no such token.

    Revoking a revoked token changes nothing and returns it.
    """
    row = db.session.scalars(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    ).first()
    if row is None:
        return None
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.flush()
    return _info(row)


def revoke_all_tokens(user_id: int) -> int:
    """Revoke every active token of the user and flush; returns how many were revoked."""
    rows = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    ).all()
    now = utcnow()
    for row in rows:
        row.revoked_at = now
    db.session.flush()
    return len(rows)


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def authenticate_token(token: str, *, now: datetime | None = None) -> TokenOwner | None:
    """The owner of an active token of an active account, or None.

    Looks the token up by its hash only (a leaked database gives no usable token) and records
    when it was last used (at most once a minute).
    """
    if not token.startswith(TOKEN_MARK) or len(token) > 200:
        return None
    row = db.session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == hash_token(token))
    ).first()
    if row is None:
        return None
    api_token, user = row
    if api_token.revoked_at is not None or not user.active:
        return None
    now = now or utcnow()
    if api_token.last_used_at is None or now - _aware(api_token.last_used_at) >= (
        LAST_USED_RESOLUTION
    ):
        api_token.last_used_at = now
        db.session.flush()
    scope = Scope(user_id=user.id, role=user.role, organisation_id=user.organisation_id)
    return TokenOwner(token_id=api_token.id, user_id=user.id, scope=scope)


__all__ = [
    "MAX_NAME_LENGTH",
    "MAX_TOKENS_PER_USER",
    "TOKEN_MARK",
    "TokenInfo",
    "TokenOwner",
    "authenticate_token",
    "count_active_tokens",
    "create_token",
    "hash_token",
    "list_tokens",
    "revoke_all_tokens",
    "revoke_token",
]
