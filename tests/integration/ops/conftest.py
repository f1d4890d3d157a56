"""Fixtures for the operations tests: a fresh application for the request log, and an empty
migrated database to restore a backup into (a second SQLite file, or a second PostgreSQL schema)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from valuedcare import create_app, request_log
from valuedcare.config import TestConfig, normalise_database_url


@pytest.fixture
def logged_app(app: Flask, db: object, database_url: str) -> Flask:
    """A new application on the test database (already migrated) with the request log on."""
    logged = create_app(TestConfig(database_url))
    request_log.init_app(logged)
    return logged


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def request_records() -> Iterator[list[logging.LogRecord]]:
    """Every record written to the request logger while the test runs."""
    handler = _Records()
    logger = logging.getLogger("valuedcare.request")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def _restore_database_url(base_url: str | None, worker: str, tmp_dir: str) -> str:
    if not base_url:
        return f"sqlite:///{tmp_dir}/restore-{worker}.db"
    url = make_url(normalise_database_url(base_url))
    schema = f"valuedcare_restore_{worker}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def restore_app(tmp_path, worker_id: str) -> Iterator[Flask]:
    """A second application on a new, empty database migrated to the latest revision."""
    from flask_migrate import upgrade

    from valuedcare.extensions import db

    url = _restore_database_url(
        os.environ.get("VALUEDCARE_TEST_DATABASE_URL"), worker_id, str(tmp_path)
    )
    target = create_app(TestConfig(url))
    with target.app_context():
        upgrade()
    yield target
    with target.app_context():
        db.session.remove()
        db.engine.dispose()
