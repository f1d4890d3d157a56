"""Database health checks for /healthz and /readyz."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from valuedcare.extensions import db

log = logging.getLogger(__name__)


def database_is_reachable() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        log.warning("Database unreachable", exc_info=True)
        db.session.rollback()
        return False


def _head_revisions() -> frozenset[str]:
    return _heads_in(str(Path(current_app.root_path).parent / "migrations"))


@lru_cache(maxsize=4)
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
        db.session.rollback()
        return False
