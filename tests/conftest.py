"""Shared fixtures: a real application on a real database.

The database is SQLite (a file in a temporary folder) unless ``VALUEDCARE_TEST_DATABASE_URL`` names
another, such as PostgreSQL. Each pytest-xdist worker gets its own SQLite file or PostgreSQL schema.
The schema is built by the Alembic migrations, exactly as in production, and the questionnaires in
``questionnaires/`` are loaded once; tests that use the database get it emptied again afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from valuedcare import create_app
from valuedcare.config import TestConfig, normalise_database_url

pytest_plugins = ["tests.fixtures.factories", "tests.fakes.plugin"]


def _worker_database_url(base_url: str | None, worker: str, tmp_dir: str) -> str:
    if not base_url:
        return f"sqlite:///{tmp_dir}/valuedcare-{worker}.db"
    url = make_url(normalise_database_url(base_url))
    if url.get_backend_name() != "postgresql":
        return url.render_as_string(hide_password=False)
    # One schema per test process, so parallel runs against one server never share a schema.
    schema = f"valuedcare_test_{worker}_{os.getpid()}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _drop_schema(url: str) -> None:
    parsed = make_url(url)
    options = parsed.query.get("options", "")
    if parsed.get_backend_name() != "postgresql" or "search_path=" not in options:
        return
    schema = str(options).split("search_path=", 1)[1]
    engine = create_engine(parsed.difference_update_query(["options"]))
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    base = os.environ.get("VALUEDCARE_TEST_DATABASE_URL")
    url = _worker_database_url(base, worker_id, str(tmp_path_factory.mktemp("db")))
    yield url
    _drop_schema(url)


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    from flask_migrate import upgrade

    from tests import database as testing

    app = create_app(TestConfig(database_url))
    with app.app_context():
        upgrade()
        testing.load_repository_questionnaires()
        testing.remember_reference_data()
    yield app
    with app.app_context():
        from valuedcare.extensions import db

        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db(app: Flask) -> Iterator[object]:
    """The database session inside an application context; emptied after the test."""
    from tests import database as testing
    from valuedcare.extensions import db as database

    with app.app_context():
        yield database
        database.session.rollback()
        testing.empty_database()


@pytest.fixture
def client(app: Flask, db: object):
    return app.test_client()


@pytest.fixture
def runner(app: Flask, db: object):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def worker_id(request: pytest.FixtureRequest) -> str:
    """The pytest-xdist worker name, or ``master`` without xdist."""
    workerinput = getattr(request.config, "workerinput", None)
    return workerinput["workerid"] if workerinput else "master"
