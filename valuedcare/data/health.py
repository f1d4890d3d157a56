"""Database health checks for /healthz and /readyz, and telling "the database cannot be reached
for now" apart from other failures (the error pages answer 503 for it, not 500)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from valuedcare.caching import Rule, memoize
from valuedcare.data import transaction
from valuedcare.extensions import db

log = logging.getLogger(__name__)

#: SQLAlchemy's errors for a database that refuses or drops connections (restarting, shutting
#: down, unreachable, a file that cannot be opened) or a connection pool that is exhausted.
_UNAVAILABLE: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    DisconnectionError,
    PoolTimeoutError,
)


def _driver_errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return ()
    return (psycopg.OperationalError, psycopg.InterfaceError)


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` (or what caused it) means the database cannot be reached for now."""
    for candidate in (error, getattr(error, "__cause__", None)):
        if candidate is None:
            continue
        if isinstance(candidate, _UNAVAILABLE + _driver_errors()):
            return True
        if isinstance(candidate, DBAPIError) and candidate.connection_invalidated:
            return True
    return False


def database_is_reachable() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        log.warning("Database unreachable", exc_info=True)
        transaction.rollback()
        return False


def _head_revisions() -> frozenset[str]:
    return _heads_in(str(Path(current_app.root_path).parent / "migrations"))


@memoize("migration heads", rule=Rule.DEPLOY, size=4)
def _heads_in(directory: str) -> frozenset[str]:
    """The migration heads shipped with this code (read once: they change only with a deploy)."""
    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def migrations_are_current() -> bool:
    try:
        rows = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return set(rows) == _head_revisions()
    except SQLAlchemyError:
        transaction.rollback()
        return False
