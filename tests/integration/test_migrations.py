"""The Alembic history builds the schema from empty, and it matches the models exactly."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from valuedcare import create_app
from valuedcare.config import TestConfig, normalise_database_url


@pytest.fixture
def empty_database_url(tmp_path, worker_id):
    base = os.environ.get("VALUEDCARE_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path}/empty.db"
        return
    url = make_url(normalise_database_url(base))
    schema = f"valuedcare_migrations_{worker_id}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database_url):
    from valuedcare.extensions import db

    app = create_app(TestConfig(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        assert "answers" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(empty_database_url):
    from valuedcare.extensions import db

    app = create_app(TestConfig(empty_database_url))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        upgrade()
        assert {"organisations", "responses", "response_scores"} <= set(
            inspect(db.engine).get_table_names()
        )
        db.engine.dispose()


def test_action_notes_become_actions_of_their_organisation_and_nothing_is_lost(
    empty_database_url,
):
    from valuedcare.extensions import db

    app = create_app(TestConfig(empty_database_url))
    with app.app_context():
        upgrade(revision="0006")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisations (id, code, name, region, peer_group, is_demo, "
                    "benchmark_opt_in, named_in_benchmarks, created_at) VALUES (7, 'T7', 'Trust', "
                    "'North', 'Peers', false, false, false, '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO cycles (id, label, opens_on, closes_on, status, created_at) "
                    "VALUES (3, '2025/26', '2025-04-01', '2026-03-31', 'closed', '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO assessments (id, organisation_id, cycle_id, created_at) "
                    "VALUES (11, 7, 3, '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO action_notes (assessment_id, ingredient, text, owner, due_on, "
                    "created_at) VALUES (11, 'culture', 'Run team pulse surveys', 'Chief nurse', "
                    "'2027-03-31', '2026-02-01')"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT organisation_id, assessment_id, ingredient, text, owner_role, due_on, "
                    "status, revision FROM actions"
                )
            ).all()
        assert [tuple(str(value) for value in row) for row in rows] == [
            (
                "7",
                "11",
                "culture",
                "Run team pulse surveys",
                "Chief nurse",
                "2027-03-31",
                "not_started",
                "1",
            )
        ]
        downgrade(revision="0006")
        with db.engine.connect() as connection:
            notes = connection.execute(text("SELECT text, owner FROM action_notes")).all()
        assert [tuple(row) for row in notes] == [("Run team pulse surveys", "Chief nurse")]
        db.engine.dispose()
