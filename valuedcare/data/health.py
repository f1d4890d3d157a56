"""Database health checks for /healthz and /readyz."""

from __future__ import annotations

import logging
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


def _head_revisions() -> set[str]:
    directory = Path(current_app.root_path).parent / "migrations"
    config = AlembicConfig()
    config.set_main_option("script_location", str(directory))
    return set(ScriptDirectory.from_config(config).get_heads())


def migrations_are_current() -> bool:
    try:
        rows = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return set(rows) == _head_revisions()
    except SQLAlchemyError:
        db.session.rollback()
        return False
