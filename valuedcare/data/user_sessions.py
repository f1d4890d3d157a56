"""Signed-in sessions kept on the server, so that signing out really ends a session.

Signing in starts a session: a random key (``secrets.token_urlsafe(32)``) goes into the signed
session cookie and only its SHA-256 hex digest is stored. Every request checks that the key is
still that of an unended session of the signed-in user, so a copy of the cookie stops working once
the session is ended: by signing out (that session), or by signing out everywhere, a password
change or reset, a role change or deactivation (every session of the user).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select, update

from valuedcare.extensions import db
from valuedcare.models import UserSession
from valuedcare.models.base import utcnow

MAX_KEY_LENGTH = 100


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user_id: int) -> str:
    """Record a new session of the user and flush; returns its key (kept only in the cookie)."""
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user_id, key_hash=_hash(key), created_at=utcnow()))
    db.session.flush()
    return key


def is_session_active(user_id: int, key: object) -> bool:
    """Whether ``key`` is that of an unended session of this user."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        return False
    statement = select(UserSession.id).where(
        UserSession.key_hash == _hash(key),
        UserSession.user_id == user_id,
        UserSession.ended_at.is_(None),
    )
    return db.session.scalar(statement) is not None


def end_session(key: object) -> None:
    """End the session with this key (nothing happens when there is none) and flush."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        return
    db.session.execute(
        update(UserSession)
        .where(UserSession.key_hash == _hash(key), UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    db.session.flush()


def end_user_sessions(user_id: int) -> None:
    """End every session of this user and flush."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    db.session.flush()
