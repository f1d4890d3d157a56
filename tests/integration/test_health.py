"""Health checks: /healthz (the process is up) and /readyz (database reachable, schema current)."""

from __future__ import annotations

from valuedcare import create_app
from valuedcare.config import TestConfig


def test_healthz_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": True}


def test_readyz_reports_migrations_current(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"database": True, "migrations_current": True}


def test_without_a_database_the_process_is_live_but_not_ready(tmp_path):
    app = create_app(TestConfig(f"sqlite:///{tmp_path}/missing-folder/none.db"))
    client = app.test_client()
    live = client.get("/healthz")
    assert live.status_code == 200
    assert live.json == {"status": "ok", "database": False}
    assert client.get("/readyz").status_code == 503


def test_readyz_answers_503_when_the_schema_is_behind(tmp_path):
    app = create_app(TestConfig(f"sqlite:///{tmp_path}/unmigrated.db"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["migrations_current"] is False
